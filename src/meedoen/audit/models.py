from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log cannot be changed.")

    def delete(self):
        raise PermissionError("The audit log cannot be deleted.")


class AuditEvent(models.Model):
    """One staff action or login: who, what, when, on which object. Append-only.

    The actor is kept as an account id and a label, so deleting an account leaves the history
    readable. A database trigger refuses UPDATE (and on PostgreSQL also DELETE) of a row.
    """

    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    # A plain id, not a foreign key: deleting an account must not rewrite (or block on) history.
    actor_id = models.PositiveBigIntegerField(_("account-id"), null=True, blank=True)
    actor_label = models.CharField(_("wie (naam)"), max_length=150)
    action = models.CharField(_("actie"), max_length=100, db_index=True)
    object_type = models.CharField(_("soort object"), max_length=100, blank=True)
    object_id = models.CharField(_("object-id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("wijzigingen"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit-gebeurtenis")
        verbose_name_plural = _("audit-log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log cannot be deleted.")
