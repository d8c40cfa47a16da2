from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ResidentGroup(models.Model):
    """A bewonersgroep: residents who take on initiatives in their district."""

    class Status(models.TextChoices):
        PENDING = "pending", _("wacht op bevestiging")
        CONFIRMED = "confirmed", _("bevestigd")

    district = models.ForeignKey(
        "districts.District", on_delete=models.PROTECT, related_name="resident_groups"
    )
    name = models.CharField(_("naam"), max_length=120)
    description = models.TextField(_("wat wil de groep doen?"), blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bewonersgroep")
        verbose_name_plural = _("bewonersgroepen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GroupMembership(models.Model):
    group = models.ForeignKey(ResidentGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    accepted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.group}"
