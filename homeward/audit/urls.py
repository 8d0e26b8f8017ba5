from django.urls import path

from homeward.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_log, name="log"),
    path("verify/", views.audit_verify, name="verify"),
]
