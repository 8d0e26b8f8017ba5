from django.urls import path

from homeward.reports import views

app_name = "reports"

urlpatterns = [
    path("agreements/<uuid:public_id>/statement/", views.statement, name="statement"),
]
