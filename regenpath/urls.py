"""The URL map: one include per app."""

from django.urls import include, path

urlpatterns = [
    path("", include("regenpath.web.urls")),
    path("", include("regenpath.clinics.urls")),
    path("patients/", include("regenpath.patients.urls")),
    path("audit/", include("regenpath.audit.urls")),
]

handler403 = "regenpath.web.views.forbidden"
handler404 = "regenpath.web.views.not_found"
