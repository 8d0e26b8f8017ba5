from django.urls import path

from homeward.reports import export_views, views

app_name = "reports"

# One export URL per list, so each has its own row in the authorisation policy (tests/security/policy.py).
EXPORTS = {
    "declarations": "export/declarations/",
    "imports": "export/imports/",
    "candidates": "export/candidates/",
    "plans": "export/plans/",
    "plan": "export/plans/<uuid:public_id>/",
    "manifest": "export/manifests/<uuid:public_id>/",
    "aftercare": "export/aftercare/",
    "transfers": "export/remains/transfers/",
    "identifications": "export/remains/identifications/",
    "audit": "export/audit/",
}

urlpatterns = [
    path("agreements/<uuid:public_id>/statement/", views.statement, name="statement"),
    path("agreements/<uuid:public_id>/statement.pdf", views.statement_pdf, name="statement_pdf"),
    path("people/<uuid:public_id>/forms/", views.person_forms, name="person_forms"),
    path("people/<uuid:public_id>/forms.pdf", views.person_forms_pdf, name="person_forms_pdf"),
    *(path(route, export_views.export, {"kind": kind}, name=f"export_{kind}") for kind, route in EXPORTS.items()),
    path("agreements/<uuid:public_id>/dashboard/", views.dashboard, name="dashboard"),
]
