from django.urls import path

from homeward.operations import views

app_name = "operations"

urlpatterns = [
    path("", views.operations_index, name="index"),
    path("plans/<uuid:public_id>/manifests/", views.manifests_make, name="manifests_make"),
    path("plans/<uuid:public_id>/protocol/", views.protocol_page, name="protocol"),
    path("plans/<uuid:public_id>/protocol/create/", views.protocol_create, name="protocol_create"),
    path("plans/<uuid:public_id>/protocol/sign/", views.protocol_sign, name="protocol_sign"),
    path("manifests/<uuid:public_id>/", views.manifest_detail, name="manifest"),
    path("manifests/<uuid:public_id>/sign/", views.manifest_sign, name="manifest_sign"),
    path("manifests/<uuid:public_id>/outcome/", views.outcome_record, name="outcome"),
    path("agreements/<uuid:public_id>/ledger/", views.ledger_page, name="ledger"),
    path("aftercare/", views.aftercare_index, name="aftercare"),
    path("aftercare/record/", views.aftercare_record, name="aftercare_record"),
]
