from django.urls import include, path

urlpatterns = [
    path("", include("homeward.accounts.urls")),
    path("registry/", include("homeward.registry.urls")),
    path("agreements/", include("homeward.agreements.urls")),
    path("audit/", include("homeward.audit.urls")),
    path("planning/", include("homeward.planning.urls")),
    path("operations/", include("homeward.operations.urls")),
    path("reports/", include("homeward.reports.urls")),
    path("remains/", include("homeward.remains.urls")),
    path("reconciliation/", include("homeward.matching.urls")),
    path("api/", include("homeward.api.urls")),
    path("public/", include("homeward.reports.public_urls")),
]
