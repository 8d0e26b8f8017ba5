from django.urls import path

from homeward.reports import public_views

app_name = "public"

urlpatterns = [
    path("", public_views.statistics, name="statistics"),
    path("figures.hxl.csv", public_views.figures_hxl, name="hxl"),
]
