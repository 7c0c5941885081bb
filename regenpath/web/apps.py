from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "regenpath.web"
    verbose_name = "Staff site"
