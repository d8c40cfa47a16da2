from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A resident (signed in with DigiD) or a staff member (username, password and TOTP).

    For residents we keep the minimum: a keyed pseudonym of the BSN to recognise them when they
    return, their district and their birth year (to check who may vote). Never the BSN itself.
    """

    class Kind(models.TextChoices):
        RESIDENT = "resident", _("inwoner")
        STAFF = "staff", _("medewerker")

    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices, default=Kind.STAFF)
    bsn_pseudonym = models.CharField(
        _("pseudoniem van het BSN"), max_length=64, unique=True, null=True, blank=True
    )
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("wijk of dorp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="residents",
    )
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("geboortejaar"), null=True, blank=True)
    notify_by_email = models.BooleanField(_("e-mail mij over uitslagen"), default=False)

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    @property
    def is_resident(self) -> bool:
        return self.kind == self.Kind.RESIDENT

    def display_name(self) -> str:
        if self.is_resident:
            return self.first_name or str(_("Inwoner"))
        return self.get_full_name() or self.username


class RoleAssignment(models.Model):
    """A staff role, city-wide or limited to the districts listed."""

    class Role(models.TextChoices):
        WIJKMANAGER = "wijkmanager", _("wijkmanager")
        WIJKOPBOUWWERKER = "wijkopbouwwerker", _("wijkopbouwwerker")
        WIJKWETHOUDER = "wijkwethouder", _("wijkwethouder")
        MODERATOR = "moderator", _("moderator")
        ADMINISTRATOR = "administrator", _("functioneel beheerder")

    DISTRICT_SCOPED = {Role.WIJKMANAGER, Role.WIJKOPBOUWWERKER, Role.WIJKWETHOUDER}

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    districts = models.ManyToManyField(
        "districts.District", verbose_name=_("wijken"), blank=True, related_name="role_assignments"
    )

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="one_assignment_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"
