"""Pages and JSON steps for security keys (WebAuthn): registering and removing keys, and signing in with one.

The browser side is homeward/static/homeward/security-keys.js: it asks for
options (a POST, so the challenge is never cached or prefetched), hands them
to the browser's WebAuthn API and posts the answer back. Before the second
factor is given, a user may only use a key they already have, or register a
first one when they have no second factor at all: a password alone never
adds a key to an account that has one.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device

from homeward.accounts import security_keys, services
from homeward.accounts.models import SecurityKey
from homeward.accounts.scoping import NotAllowed, actor_for
from homeward.accounts.sessions import fresh_sign_in_required, signed_in_recently


def _may_manage_keys(request: HttpRequest) -> bool:
    """Verified with a second factor, or enrolling a first one (no factor yet)."""
    return request.user.is_verified() or not user_has_device(request.user)


def _refused(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@login_required
@fresh_sign_in_required
def key_list(request: HttpRequest) -> HttpResponse:
    """The user's security keys, with a button to register one and one to remove each."""
    if not _may_manage_keys(request):
        return redirect("accounts:otp")
    keys = SecurityKey.objects.filter(user=request.user, confirmed=True).order_by("created_at", "id")
    return render(request, "registration/security_keys.html", {
        "title": _("Security keys"), "keys": keys, "verified": request.user.is_verified()})


@login_required
@require_POST
def key_options(request: HttpRequest) -> HttpResponse:
    """Registration options for the browser; the challenge waits in the session."""
    if not _may_manage_keys(request):
        return _refused(_("Give your second factor first."), 403)
    if not signed_in_recently(request):
        return _refused(_("Confirm your password first, then register the key."), 403)
    return HttpResponse(security_keys.registration_options(request.session, request.user),
                        content_type="application/json")


@login_required
@require_POST
def key_register(request: HttpRequest) -> HttpResponse:
    """Check the browser's answer to the registration challenge and keep the key."""
    if not _may_manage_keys(request) or not signed_in_recently(request):
        return _refused(_("Confirm your password first, then register the key."), 403)
    try:
        challenge = security_keys.take_challenge(request.session, security_keys.REGISTER)
        body = _body(request)
    except security_keys.CeremonyRefused as refused:
        return _refused(str(refused))
    key, why = services.security_key_register(acting_user=request.user, challenge=challenge,
                                              response=json.dumps(body.get("credential")),
                                              name=str(body.get("name", "")))
    if key is None:
        return _refused(why)
    if not request.user.is_verified():  # a first factor just enrolled: this sign-in is now verified
        otp_login(request, key)
    return JsonResponse({"next": reverse("accounts:security_keys")})


@login_required
@require_POST
def key_remove(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Remove one of the user's own keys (anyone else's is not found), on a verified, recent sign-in."""
    if actor_for(request.user) is None:  # as every page that names a record: no organisation, no access
        raise PermissionDenied(_("Your account is not a member of any organisation in homeward."))
    key = get_object_or_404(SecurityKey, public_id=public_id, user=request.user)
    if not request.user.is_verified():
        return redirect("accounts:otp")
    if not signed_in_recently(request):
        return redirect(f"{reverse('accounts:confirm')}?{urlencode({'next': reverse('accounts:security_keys')})}")
    try:
        services.security_key_remove(key=key, acting_user=request.user)
    except NotAllowed as refused:
        messages.error(request, str(refused))
    return redirect("accounts:security_keys")


@login_required
@require_POST
def key_challenge(request: HttpRequest) -> HttpResponse:
    """Sign-in options naming the user's own keys; the challenge waits in the session."""
    if not SecurityKey.objects.filter(user=request.user, confirmed=True).exists():
        return _refused(_("You have no security key."))
    return HttpResponse(security_keys.authentication_options(request.session, request.user),
                        content_type="application/json")


@login_required
@require_POST
def key_verify(request: HttpRequest) -> HttpResponse:
    """Check the key's signature over the challenge; the session is then verified as by a code."""
    try:
        challenge = security_keys.take_challenge(request.session, security_keys.AUTHENTICATE)
        body = _body(request)
    except security_keys.CeremonyRefused as refused:
        return _refused(str(refused))
    key, why = services.security_key_authenticate(acting_user=request.user, challenge=challenge,
                                                  response=json.dumps(body))
    if key is None:
        return _refused(why)
    otp_login(request, key)
    return JsonResponse({"next": reverse("home")})


def _body(request: HttpRequest) -> dict[str, Any]:
    try:
        value = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise security_keys.CeremonyRefused(_("The security key's answer is not JSON.")) from None
    if not isinstance(value, dict):
        raise security_keys.CeremonyRefused(_("The security key's answer is not a credential."))
    return value
