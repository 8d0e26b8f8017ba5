"""The home page at the site root, and sign-in / sign-out under the "accounts" namespace.

The project includes this module at "" without a namespace, so ``home`` is a
top-level name (settings.LOGIN_REDIRECT_URL) while sign-in and sign-out are
``accounts:login`` and ``accounts:logout``.
"""

from django.urls import include, path

from homeward.accounts import key_views, language, views

account_patterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("confirm/", views.confirm_password, name="confirm"),
    path("otp/", views.otp_verify, name="otp"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    # Security keys (WebAuthn). Under otp/ so they are reachable before the second factor; each view decides.
    path("otp/keys/", key_views.key_list, name="security_keys"),
    path("otp/keys/options/", key_views.key_options, name="security_key_options"),
    path("otp/keys/register/", key_views.key_register, name="security_key_register"),
    path("otp/keys/<uuid:public_id>/remove/", key_views.key_remove, name="security_key_remove"),
    path("otp/key/challenge/", key_views.key_challenge, name="security_key_challenge"),
    path("otp/key/verify/", key_views.key_verify, name="security_key_verify"),
    path("language/", language.set_language, name="language"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include((account_patterns, "accounts"))),
]
