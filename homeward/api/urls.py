from django.urls import path

from homeward.api.views import api

urlpatterns = [path("", api.urls)]
