"""The language of a user's pages: the switcher in the page header, and where the choice is kept.

A signed-in member's choice is their membership's ``language`` (set through the audited service
``user_set_language``; a new user starts with their organisation's language) and is copied into the
session, which :class:`homeward.accounts.middleware.UserLanguageMiddleware` reads. Anyone else (not
signed in, or without an organisation) keeps the choice in Django's language cookie, as
``django.views.i18n.set_language`` does; with no choice at all, the browser's Accept-Language decides.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

SESSION_KEY = "homeward_language"


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def session_language(request: HttpRequest) -> str:
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    if session is None or user is None or not user.is_authenticated:
        return ""
    language = session.get(SESSION_KEY, "")
    return language if language in language_codes() else ""


def note_sign_in(request: HttpRequest, user: Any) -> None:
    """At sign-in, carry the member's chosen language into the session."""
    from homeward.accounts.models import Membership

    language = Membership.objects.filter(user=user).values_list("language", flat=True).first() or ""
    if language:
        request.session[SESSION_KEY] = language
    else:
        request.session.pop(SESSION_KEY, None)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.headers.get("referer") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse("home")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the language of one's pages, then go back to the page the switch was made on."""
    from homeward.accounts import services
    from homeward.accounts.models import Membership

    language = request.POST.get("language", "")
    if language not in language_codes():
        return HttpResponseBadRequest(
            _("Choose one of the languages offered: %(codes)s.") % {"codes": ", ".join(language_codes())},
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponseRedirect(_next_url(request))
    user = request.user
    if user.is_authenticated and Membership.objects.filter(user=user).exists():
        services.user_set_language(language=language, acting_user=user)
        request.session[SESSION_KEY] = language
    # The cookie too: the sign-in page after signing out stays in the language last chosen.
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    translation.activate(language)
    return response
