from django.urls import path

from homeward.agreements import trust_views, views

app_name = "agreements"

urlpatterns = [
    path("", views.index, name="index"),
    path("terms.schema.json", views.terms_schema, name="terms_schema"),
    path("talks/new/", views.talks_new, name="talks_new"),
    path("talks/<uuid:public_id>/", views.talks_detail, name="talks"),
    path("talks/<uuid:public_id>/proposals/", views.talks_propose, name="talks_propose"),
    path("talks/<uuid:public_id>/agreement/", views.agreement_new, name="agreement_new"),
    path("proposals/<uuid:public_id>/decide/", views.proposal_decide, name="proposal_decide"),
    path("<uuid:public_id>/", views.agreement_detail, name="detail"),
    path("<uuid:public_id>/versions/", views.agreement_add_version, name="add_version"),
    path("<uuid:public_id>/sign/", views.agreement_sign, name="sign"),
    path("<uuid:public_id>/state/", views.agreement_state, name="state"),
    path("<uuid:public_id>/versions/<int:number>/terms.json", views.terms_download, name="terms_json"),
    path("<uuid:public_id>/trust-root/", trust_views.trust_root, name="trust_root"),
    path("<uuid:public_id>/trust-root/propose/", trust_views.trust_root_propose, name="trust_root_propose"),
    path("<uuid:public_id>/trust-root/sign/", trust_views.trust_root_sign, name="trust_root_sign"),
    path("<uuid:public_id>/trust-root/trust-roots.json", trust_views.trust_root_export, name="trust_root_export"),
    path("<uuid:public_id>/trust-root/log-trust/sign/", trust_views.log_trust_sign, name="log_trust_sign"),
    path("<uuid:public_id>/trust-root/log-trust.json", trust_views.log_trust_export, name="log_trust_export"),
]
