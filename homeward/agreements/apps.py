from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "homeward.agreements"
    verbose_name = "Talks and agreements"
