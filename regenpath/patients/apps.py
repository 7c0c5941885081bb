from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "regenpath.patients"
    verbose_name = "Patients and episodes of care"
