from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "regenpath.audit"
    verbose_name = "Audit trail"
