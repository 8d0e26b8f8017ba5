from django.urls import path

from homeward.registry import views

app_name = "registry"

urlpatterns = [
    path("", views.declaration_list, name="list"),
    path("imports/", views.import_index, name="import"),
    path("imports/<uuid:public_id>/", views.import_detail, name="import_detail"),
    path("imports/<uuid:public_id>/mapping/", views.import_mapping, name="import_mapping"),
    path("imports/<uuid:public_id>/commit/", views.import_commit, name="import_commit"),
    path("imports/<uuid:public_id>/check/", views.import_recheck, name="import_recheck"),
    path("<uuid:public_id>/", views.declaration_detail, name="detail"),
]
