from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "regenpath.screening"
    verbose_name = "Candidacy screening and sign-off"
