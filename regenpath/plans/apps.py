from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "regenpath.plans"
    verbose_name = "Treatment plans and informed consent"
