"""FHIR R4 read endpoints for questionnaires (DESIGN.md: FHIR R4 under /fhir/)."""

from django.urls import path

from regenpath.outcomes import fhir_views

app_name = "fhir"

urlpatterns = [
    path("Questionnaire/<slug:code>", fhir_views.questionnaire_read, name="questionnaire"),
    path(
        "QuestionnaireResponse/<uuid:response_uuid>",
        fhir_views.questionnaire_response_read,
        name="questionnaire_response",
    ),
    path("Observation", fhir_views.observation_search, name="observation_search"),
]
