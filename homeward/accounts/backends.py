"""Password sign-in whose one write, upgrading an outdated password hash, goes through a service."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.hashers import check_password
from django.http import HttpRequest

from homeward.accounts import services


class PasswordBackend(ModelBackend):
    """Django's ModelBackend, with the hash upgrade made by :func:`services.user_password_rehash`.

    Django re-hashes a password at sign-in when the preferred hasher or its work
    factor has changed (each Django feature release raises PBKDF2's iterations)
    and saves the user directly, which the write guard refuses: without this,
    every sign-in would fail after such an upgrade.
    """

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        user_model = get_user_model()
        if username is None:
            username = kwargs.get(user_model.USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist:
            user_model().set_password(password)  # as long as a real check, so timing does not tell who exists
            return None

        def rehash(raw: str) -> None:
            services.user_password_rehash(acting_user=user, raw_password=raw)

        if check_password(password, user.password, rehash) and self.user_can_authenticate(user):
            return user
        return None


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lock-out check, first in line for every sign-in that comes with a request.

    An attempt is counted per account *and* address: an attacker guessing from
    one address, or fifty, locks out only those pairs, never the real user
    signing in from their own workstation. A sign-in without a request (a test
    client's ``login()``, a shell) has no address to count and is not checked.
    """

    def authenticate(self, request: HttpRequest | None, username: str | None = None, password: str | None = None,
                     **kwargs: Any) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
