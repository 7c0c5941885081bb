"""The URL map: one include per app."""

from django.urls import include, path

urlpatterns = [
    path("", include("regenpath.web.urls")),
    path("", include("regenpath.clinics.urls")),
    path("patients/", include("regenpath.patients.urls")),
    path("audit/", include("regenpath.audit.urls")),
    path("screening/", include("regenpath.screening.urls")),
    path("plans/", include("regenpath.plans.urls")),
    path("outcomes/", include("regenpath.outcomes.urls")),
    path("fhir/", include("regenpath.outcomes.fhir_urls")),
    path("procedures/", include("regenpath.procedures.urls")),
]

handler403 = "regenpath.web.views.forbidden"
handler404 = "regenpath.web.views.not_found"
