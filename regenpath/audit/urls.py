from django.urls import path

from regenpath.audit import views

urlpatterns = [
    path("patients/<uuid:patient_uuid>/", views.patient_audit, name="patient_audit"),
]
