"""How long a sign-in lasts, and proof of a recent one before signing or exporting.

A session ends after ``HOMEWARD_SESSION_IDLE_SECONDS`` without a request
(idle) and ``HOMEWARD_SESSION_SECONDS`` after the sign-in whatever the
activity (absolute), both checked on the server against times kept in the
session, never trusted from the cookie's own expiry. Signing a document,
approving a plan and exporting personal data also need a sign-in (or a
password confirmation) of the last ``HOMEWARD_REAUTH_SECONDS``: a workstation
left signed in cannot be used to sign for its owner.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from homeward.accounts.scoping import NotAllowed

AUTH_AT = "homeward_auth_at"  # when the password was last given (sign-in or confirmation)
SEEN_AT = "homeward_seen_at"  # the last request, to the minute
SIGNED_IN_AT = "homeward_signed_in_at"  # the sign-in itself: the absolute limit counts from here
TOUCH_EVERY = 60  # seconds: the idle clock is written at most once a minute, not on every request


def mark_signed_in(request: HttpRequest) -> None:
    now = time.time()
    request.session[SIGNED_IN_AT] = request.session[AUTH_AT] = request.session[SEEN_AT] = now


def mark_confirmed(request: HttpRequest) -> None:
    request.session[AUTH_AT] = time.time()


class SessionLimitsMiddleware:
    """Sign out a session past its idle or absolute limit before the view sees it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            signed_in = session.get(SIGNED_IN_AT)
            seen = session.get(SEEN_AT, signed_in)
            if signed_in is None or now - signed_in > settings.SESSION_COOKIE_AGE \
                    or now - seen > settings.HOMEWARD_SESSION_IDLE_SECONDS:
                logout(request)
                messages.info(request, _("Your session ended; please sign in again."))
            elif now - seen >= TOUCH_EVERY:
                session[SEEN_AT] = now
        return self.get_response(request)


def fresh_sign_in_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Refuse to sign, approve or export on a sign-in older than the re-authentication window.

    The user is sent to confirm their password and then back to the page they
    acted from (a POST is not replayed: they press the button again, knowingly).
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if signed_in_recently(request):
            return view(request, *args, **kwargs)
        back = request.get_full_path() if request.method == "GET" else _referring_page(request)
        url = f"{reverse('accounts:confirm')}?{urlencode({'next': back})}"
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)

    return wrapper


def signed_in_recently(request: HttpRequest) -> bool:
    """The password was given (at sign-in or on the confirmation page) within the re-authentication window."""
    confirmed = request.session.get(AUTH_AT) if hasattr(request, "session") else None
    return confirmed is not None and time.time() - confirmed <= settings.HOMEWARD_REAUTH_SECONDS


def require_fresh_sign_in(request: HttpRequest) -> None:
    """The API's counterpart of :func:`fresh_sign_in_required`, for the same signing and approving steps.

    A call made with the browser session needs a recent password like the page
    does; a call with an API token is exempt, the token being a credential of
    its own that its user issued while signed in and can revoke.
    """
    if getattr(request, "homeward_token", None) is None and not signed_in_recently(request):
        raise NotAllowed(
            _("Signing and approving need your password from the last few minutes: confirm it at "
              "/accounts/confirm/ and try again.")
        )


def _referring_page(request: HttpRequest) -> str:
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return reverse("home")
