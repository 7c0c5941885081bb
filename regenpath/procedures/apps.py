from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "regenpath.procedures"
    label = "procedures"
    verbose_name = "Procedure day"
