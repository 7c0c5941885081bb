from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "regenpath.outcomes"
    verbose_name = "Questionnaires and outcome scores"
