from django.urls import path

from homeward.matching import views

app_name = "matching"

urlpatterns = [
    path("", views.index, name="index"),
    path("runs/<uuid:public_id>/", views.run_detail, name="run"),
    path("queue/", views.queue, name="queue"),
    path("candidates/<uuid:public_id>/", views.candidate_detail, name="candidate"),
]
