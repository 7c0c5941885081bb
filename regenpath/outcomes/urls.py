from django.urls import path

from regenpath.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path(
        "episodes/<uuid:episode_uuid>/questionnaires/",
        views.choose_instrument,
        name="choose_instrument",
    ),
    path(
        "episodes/<uuid:episode_uuid>/questionnaires/<slug:code>/",
        views.enter_response,
        name="enter_response",
    ),
    path("responses/<uuid:response_uuid>/", views.response_detail, name="response_detail"),
    path("licences/", views.licences, name="licences"),
    path("licences/<slug:code>/", views.licence_record, name="licence_record"),
    path("settings/", views.outcome_settings, name="settings"),
]
