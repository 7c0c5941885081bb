from django.urls import path

from regenpath.patients import views

urlpatterns = [
    path("", views.patient_list, name="patient_list"),
    path("new/", views.patient_create, name="patient_create"),
    path("episodes/<uuid:episode_uuid>/", views.episode_detail, name="episode_detail"),
    path("episodes/<uuid:episode_uuid>/edit/", views.episode_edit, name="episode_edit"),
    path("episodes/<uuid:episode_uuid>/stage/", views.episode_move, name="episode_move"),
    path("<uuid:patient_uuid>/", views.patient_detail, name="patient_detail"),
    path("<uuid:patient_uuid>/edit/", views.patient_edit, name="patient_edit"),
    path("<uuid:patient_uuid>/episodes/new/", views.episode_create, name="episode_create"),
]
