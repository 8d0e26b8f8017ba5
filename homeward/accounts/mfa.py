"""The second factor: time-based one-time codes (TOTP, RFC 6238) through django-otp.

Every role that can approve or sign (:data:`MFA_ROLES`) must enrol an
authenticator before it can do anything else, and anyone who has enrolled
one gives a code after the password at every sign-in. Until then the session
is signed in but not *verified*: pages send it to the code (or enrolment)
page, and the API answers 403. Writes (enrolment, each code's replay counter,
the throttle after wrong codes) go through :mod:`homeward.accounts.services`.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django_otp import user_has_device

from homeward.accounts.choices import Role

MFA_ROLES = frozenset({Role.COORDINATOR})  # they approve plans and sign agreements, manifests and protocols
# Reachable before the second factor: the code and enrolment pages, signing out, the language switch, static files.
OPEN_PATHS = ("/accounts/otp/", "/accounts/logout/", "/static/", "/accounts/login/", "/accounts/language/")
# Set in a session once it is known that its user needs no second factor, so later requests ask nothing.
NOT_NEEDED = "homeward_mfa_not_needed"


def mfa_required(user: object) -> bool:
    from homeward.accounts.models import Membership

    if not getattr(settings, "HOMEWARD_MFA_REQUIRED", True):
        return False
    return Membership.objects.filter(user=user, role__in=MFA_ROLES).exists()


def note_sign_in(request: HttpRequest, user: object) -> None:
    """At sign-in, remember in the session when its user needs no second factor (no query per request)."""
    if not user_has_device(user) and not mfa_required(user):
        request.session[NOT_NEEDED] = user.pk  # type: ignore[attr-defined]


class SecondFactorMiddleware:
    """Send a signed-in but unverified session to its code or enrolment page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(OPEN_PATHS):
            return self.get_response(request)
        if user.is_verified() or request.session.get(NOT_NEEDED) == user.pk:
            return self.get_response(request)
        if user_has_device(user):
            target = "accounts:otp"
        elif mfa_required(user):
            target = "accounts:otp_setup"
        else:
            request.session[NOT_NEEDED] = user.pk
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "A second factor is required: sign in through the pages first."},
                                status=403)
        return redirect(target)


def qr_data_uri(text: str) -> str:
    """The otpauth:// address as an SVG QR code in a data: URI (the page's policy allows data: images only)."""
    import segno

    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=5, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


def grouped(secret: str) -> str:
    """A base32 secret in groups of four, for typing into an authenticator by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
