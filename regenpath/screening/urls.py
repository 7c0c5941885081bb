from django.urls import path

from regenpath.screening import patient_views, views

urlpatterns = [
    path("episodes/<uuid:episode_uuid>/new/", views.screening_new, name="screening_new"),
    path(
        "episodes/<uuid:episode_uuid>/questionnaire-link/",
        views.intake_link_new,
        name="intake_link_new",
    ),
    path("intake/<uuid:screening_uuid>/review/", views.intake_review, name="intake_review"),
    path("decisions/<uuid:decision_uuid>/", views.decision_detail, name="decision_detail"),
    path("decisions/<uuid:decision_uuid>/sign/", views.decision_sign, name="decision_sign"),
    path(
        "decisions/<uuid:decision_uuid>/override/",
        views.decision_override,
        name="decision_override",
    ),
    path("settings/", views.candidacy_settings, name="candidacy_settings"),
    # Patient-facing, no login: the signed token is the only key.
    path("questionnaire/<str:token>/", patient_views.patient_intake, name="patient_intake"),
]
