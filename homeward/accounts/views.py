"""Sign-in, sign-out, and the role-aware home page."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ClassVar

from django import forms
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from homeward.accounts.scoping import (
    Actor,
    actor_for,
    audit_entries_for,
    declarations_for,
    import_batches_for,
)
from homeward.registry.choices import DeclarationKind

RECENT_IMPORTS = 5
SHORT_KIND_LABELS = {
    DeclarationKind.HELD: gettext_lazy("Held"),
    DeclarationKind.SOUGHT: gettext_lazy("Sought"),
    DeclarationKind.DECEASED_HELD: gettext_lazy("Deceased"),
}


def member_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in and a member of an organisation; the view gets the actor as its second argument.

    Anonymous users go to the sign-in page; a signed-in user without a
    membership gets the "no access" page (403), never data.
    """

    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actor = actor_for(request.user)
        if actor is None:
            raise PermissionDenied(_("Your account is not a member of any organisation in homeward."))
        return view(request, actor, *args, **kwargs)

    return wrapper


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with the check made by the audited service that also counts failures."""

    def clean(self) -> dict[str, Any]:
        from homeward.accounts import services

        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            self.user_cache = services.sign_in_attempt(request=self.request, username=username, password=password)
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True
    authentication_form = SignInForm


class LogoutView(auth_views.LogoutView):
    http_method_names: ClassVar[list[str]] = ["post", "options"]


@member_required
def home(request: HttpRequest, actor: Actor) -> HttpResponse:
    context: dict[str, Any] = {"title": _("Overview"), "nav": "home"}
    if actor.is_party:
        context["own_counts"] = _own_counts(request.user, actor)
        context["priority_counts"] = _flag_counts(
            declarations_for(request.user).filter(party=actor.organisation, kind=DeclarationKind.HELD)
        )
        context["recent_imports"] = import_batches_for(request.user)[:RECENT_IMPORTS]
    if actor.is_mediator:
        context["party_counts"] = _party_counts(request.user)
    if actor.sees_health and not actor.is_mediator:
        context["medical_counts"] = _flag_counts(declarations_for(request.user))
    if actor.sees_audit_log:
        context["audit_size"] = audit_entries_for(request.user).count()
    return render(request, "home.html", context)


def _flag_counts(declarations: Any) -> dict[str, int]:
    """How many there are, and how many carry the priority flags an agreement usually names."""
    return declarations.aggregate(
        total=Count("pk"),
        seriously_wounded=Count("pk", filter=Q(seriously_wounded=True)),
        ill=Count("pk", filter=Q(ill=True)),
    )


def _own_counts(user: Any, actor: Actor) -> list[tuple[str, str, int]]:
    """(kind, label, count) of the party's own declarations, every kind listed even when zero."""
    rows = (
        declarations_for(user).filter(party=actor.organisation)
        .values("kind").annotate(n=Count("pk")).order_by()
    )
    found = {row["kind"]: row["n"] for row in rows}
    return [(kind.value, SHORT_KIND_LABELS[kind], found.get(kind.value, 0)) for kind in DeclarationKind]


def _party_counts(user: Any) -> list[dict[str, Any]]:
    """One row per party: its name and a count per kind, in DeclarationKind order."""
    rows = (
        declarations_for(user)
        .values("party__public_id", "party__name", "party__short_name", "kind")
        .annotate(n=Count("pk")).order_by("party__name")
    )
    parties: dict[Any, dict[str, Any]] = {}
    for row in rows:
        party = parties.setdefault(row["party__public_id"], {
            "public_id": row["party__public_id"], "name": row["party__name"],
            "short_name": row["party__short_name"], "by_kind": dict.fromkeys(DeclarationKind.values, 0),
        })
        party["by_kind"][row["kind"]] = row["n"]
    for party in parties.values():
        party["counts"] = [party["by_kind"][kind] for kind in DeclarationKind.values]
        party["total"] = sum(party["counts"])
    return list(parties.values())


class ConfirmForm(forms.Form):
    password = forms.CharField(label=gettext_lazy("Password"), strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "current-password", "autofocus": True}))


@login_required
def confirm_password(request: HttpRequest) -> HttpResponse:
    """Give the password again before signing, approving or exporting; failures count towards the lock-out."""
    from homeward.accounts import services
    from homeward.accounts.sessions import mark_confirmed

    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        back = reverse("home")
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.sign_in_attempt(request=request, username=request.user.get_username(),
                                        password=form.cleaned_data["password"])
        if getattr(request, "axes_locked_out", False):
            logout(request)
            return redirect("accounts:login")
        if user is not None and user.pk == request.user.pk:
            mark_confirmed(request)
            return redirect(back)
        form.add_error("password", _("That is not your password."))
    return render(request, "registration/confirm.html", {"form": form, "next": back,
                                                         "title": _("Confirm it is you")})


class CodeForm(forms.Form):
    token = forms.CharField(label=gettext_lazy("Code from your authenticator"), min_length=6, max_length=8,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                          "autofocus": True}))


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the user's authenticator."""
    from django_otp import login as otp_login
    from django_otp import user_has_device
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from homeward.accounts import services

    if request.user.is_verified():
        return redirect("home")
    if not user_has_device(request.user):
        return redirect("accounts:otp_setup")
    from homeward.accounts.models import SecurityKey

    has_key = SecurityKey.objects.filter(user=request.user, confirmed=True).exists()
    has_code = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    if has_key and request.method == "GET" and not (has_code and request.GET.get("method") == "code"):
        return render(request, "registration/otp_key.html", {"title": _("Second factor"), "has_code": has_code})
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.mfa_verify(acting_user=request.user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect("home")
        from django_otp import devices_for_user

        if any(not d.verify_is_allowed()[0] for d in devices_for_user(request.user)):
            form.add_error("token", _("That code is wrong or was already used. After a wrong code, each next "
                                      "try waits longer: wait a few seconds, then enter the code shown then."))
        else:
            form.add_error("token", _("That code is wrong or was already used; wait for the next one."))
    return render(request, "registration/otp.html", {"form": form, "title": _("Second factor"), "has_key": has_key})


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator: scan the code (or type the key), then give one code from it."""
    from base64 import b32encode

    from django_otp import login as otp_login
    from django_otp import user_has_device
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from homeward.accounts import services
    from homeward.accounts.mfa import grouped, qr_data_uri

    if user_has_device(request.user):
        return redirect("accounts:otp" if not request.user.is_verified() else "home")
    form = CodeForm(request.POST or None)
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("-id").first()
    if request.method == "POST" and device is not None and form.is_valid():
        confirmed = services.mfa_enrolment_confirm(acting_user=request.user, token=form.cleaned_data["token"])
        if confirmed is not None:
            otp_login(request, confirmed)
            return redirect("home")
        form.add_error("token", _("That code does not match; check the clock of the device and try the next one."))
    if device is None:
        device = services.mfa_enrolment_start(acting_user=request.user)
    secret = b32encode(device.bin_key).decode()
    return render(request, "registration/otp_setup.html", {
        "form": form, "title": _("Set up your second factor"), "qr": qr_data_uri(device.config_url),
        "secret": grouped(secret)})
