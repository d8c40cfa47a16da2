from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "meedoen.audit"
    verbose_name = "Audit-log"
