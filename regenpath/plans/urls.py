from django.urls import path

from regenpath.plans import patient_views, views

urlpatterns = [
    path("episodes/<uuid:episode_uuid>/new/", views.plan_new, name="plan_new"),
    path("<uuid:plan_uuid>/", views.plan_detail, name="plan_detail"),
    path("<uuid:plan_uuid>/edit/", views.plan_edit, name="plan_edit"),
    path("<uuid:plan_uuid>/finalise/", views.plan_finalise, name="plan_finalise"),
    path("<uuid:plan_uuid>/consent-link/", views.consent_link_new, name="consent_link_new"),
    path("<uuid:plan_uuid>/summary.pdf", views.plan_pdf, name="plan_pdf"),
    path("consents/<uuid:consent_uuid>/consent.pdf", views.consent_pdf, name="consent_pdf"),
    path("consents/<uuid:consent_uuid>/witness/", views.consent_witness, name="consent_witness"),
    path("consents/<uuid:consent_uuid>/record/", views.consent_record, name="consent_record"),
    # Patient-facing, no login: the signed token is the only key.
    path("consent/<str:token>/", patient_views.patient_consent, name="patient_consent"),
]
