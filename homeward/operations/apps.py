from django.apps import AppConfig


class OperationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "homeward.operations"
    verbose_name = "Manifests, handovers and after-care"
