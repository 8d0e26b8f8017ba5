from django.urls import path

from homeward.planning import views

app_name = "planning"

urlpatterns = [
    path("", views.plan_index, name="index"),
    path("draft/", views.plan_draft, name="draft"),
    path("<uuid:public_id>/", views.plan_detail, name="detail"),
    path("<uuid:public_id>/adjust/", views.plan_adjust, name="adjust"),
    path("<uuid:public_id>/propose/", views.plan_propose, name="propose"),
    path("<uuid:public_id>/approve/", views.plan_approve, name="approve"),
]
