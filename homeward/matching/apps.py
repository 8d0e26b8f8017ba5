from django.apps import AppConfig


class MatchingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "homeward.matching"
    verbose_name = "Reconciliation"
