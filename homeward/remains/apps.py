from django.apps import AppConfig


class RemainsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "homeward.remains"
    verbose_name = "Remains"
