from django.urls import path

from homeward.remains import views

app_name = "remains"

urlpatterns = [
    path("", views.index, name="index"),
    path("agreements/<uuid:public_id>/", views.agreement_remains, name="agreement"),
    path("transfers/<uuid:public_id>/", views.transfer_detail, name="transfer"),
    path("transfers/<uuid:public_id>/receipt/", views.transfer_receive, name="receive"),
    path("transfers/<uuid:public_id>/discrepancy/", views.unit_discrepancy, name="discrepancy"),
    path("identifications/", views.identification_list, name="identifications"),
    path("identifications/<uuid:public_id>/", views.identification_detail, name="identification"),
    path("returns/<uuid:public_id>/complete/", views.return_complete, name="return_complete"),
]
