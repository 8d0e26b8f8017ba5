"""API authentication: the browser session (with CSRF) or a bearer token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from homeward.accounts.models import ApiToken
from homeward.accounts.scoping import actor_for
from homeward.accounts.services import hash_token


class MemberSessionAuth(SessionAuth):
    """A signed-in, active member of an organisation (session cookie, CSRF checked)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and actor_for(user) is not None else None


class TokenAuth(HttpBearer):
    """``Authorization: Bearer hw_…``; revoked tokens and inactive users are refused."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.objects.select_related("user")
            .filter(token_sha256=hash_token(token), revoked_at__isnull=True)
            .first()
        )
        if found is None or actor_for(found.user) is None:
            return None
        if found.revoked_at is not None and found.revoked_at <= timezone.now():
            return None
        request.user = found.user
        request.homeward_token = found  # type: ignore[attr-defined]  # exempts it from the re-authentication window
        return found.user
