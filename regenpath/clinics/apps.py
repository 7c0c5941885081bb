from django.apps import AppConfig


class ClinicsConfig(AppConfig):
    name = "regenpath.clinics"
    verbose_name = "Clinics and staff"
