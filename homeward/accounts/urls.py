"""The home page at the site root, and sign-in / sign-out under the "accounts" namespace.

The project includes this module at "" without a namespace, so ``home`` is a
top-level name (settings.LOGIN_REDIRECT_URL) while sign-in and sign-out are
``accounts:login`` and ``accounts:logout``.
"""

from django.urls import include, path

from homeward.accounts import views

account_patterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("confirm/", views.confirm_password, name="confirm"),
    path("otp/", views.otp_verify, name="otp"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include((account_patterns, "accounts"))),
]
