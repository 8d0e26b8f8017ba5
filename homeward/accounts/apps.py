from typing import Any

from django.apps import AppConfig


def _record_sign_in(sender: Any, user: Any, request: Any = None, **kwargs: Any) -> None:
    from homeward.accounts import language, services
    from homeward.accounts.mfa import note_sign_in
    from homeward.accounts.sessions import mark_signed_in

    services.user_sign_in(acting_user=user)
    if request is not None and hasattr(request, "session"):
        mark_signed_in(request)
        note_sign_in(request, user)
        language.note_sign_in(request, user)


class AccountsConfig(AppConfig):
    name = "homeward.accounts"
    label = "accounts"
    verbose_name = "Organisations and users"

    def ready(self) -> None:
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in

        # Django stamps last_login by saving the user directly, which the write guard
        # refuses; the stamp goes through the audited service instead.
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(_record_sign_in, dispatch_uid="homeward.accounts.sign_in")
