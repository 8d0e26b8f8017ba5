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
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from homeward.accounts import home as overview
from homeward.accounts.scoping import Actor, actor_for


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
    """The overview of the actor's role: each figure links to the page where its work is done."""
    context: dict[str, Any] = {"title": _("Overview"), "nav": "home", **overview.sections(request.user, actor)}
    return render(request, "home.html", context)


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
