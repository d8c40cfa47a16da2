"""The children's council (kinderraad), drawn by lot from school applications, and the
election of the child mayor (kinderburgemeester) by the children with voting codes."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class School(models.Model):
    name = models.CharField(_("naam"), max_length=150, unique=True)
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("wijk of dorp"),
        on_delete=models.PROTECT,
        related_name="schools",
    )
    contact_name = models.CharField(_("contactpersoon"), max_length=120)
    contact_email = models.EmailField(_("e-mailadres contactpersoon"))

    class Meta:
        verbose_name = _("basisschool")
        verbose_name_plural = _("basisscholen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Council(models.Model):
    """One term of the children's council: applications, quotas, the draw and the election."""

    title = models.CharField(_("titel"), max_length=150)
    slug = models.SlugField(unique=True)
    school_year = models.CharField(
        _("schooljaar"), max_length=9, help_text=_("bijvoorbeeld 2026-2027")
    )
    size = models.PositiveSmallIntegerField(
        _("aantal kinderen in de raad"), validators=[MinValueValidator(1)], default=9
    )
    # The lottery engine's record: seed, distribution, selected ids; enough to redo the draw.
    seed = models.CharField(_("startgetal van de loting"), max_length=100, blank=True)
    draw_record = models.JSONField(
        _("verslag van de loting"), null=True, blank=True, editable=False
    )
    drawn_at = models.DateTimeField(_("geloot op"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kinderraad")
        verbose_name_plural = _("kinderraden")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("kinderraad:council", args=[self.slug])

    @property
    def is_drawn(self) -> bool:
        return self.drawn_at is not None


class CouncilQuota(models.Model):
    """At least ``min`` and at most ``max`` seats for one school or one district."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="quotas")
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE)
    district = models.ForeignKey(
        "districts.District", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    min = models.PositiveSmallIntegerField(_("minimaal"), default=0)
    max = models.PositiveSmallIntegerField(_("maximaal"))

    class Meta:
        verbose_name = _("quotum")
        verbose_name_plural = _("quota")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(school__isnull=False) & models.Q(district__isnull=True))
                | (models.Q(school__isnull=True) & models.Q(district__isnull=False)),
                name="kinderraad_quota_school_xor_district",
            ),
            models.CheckConstraint(
                condition=models.Q(max__gte=models.F("min")), name="kinderraad_quota_min_max"
            ),
            models.UniqueConstraint(fields=["council", "school"], name="kinderraad_quota_school"),
            models.UniqueConstraint(
                fields=["council", "district"], name="kinderraad_quota_district"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school or self.district}: {self.min}–{self.max}"


class Application(models.Model):
    """A child's application, entered by the municipality for the school. First name only."""

    class Grade(models.IntegerChoices):
        SIX = 6, _("groep 6")
        SEVEN = 7, _("groep 7")
        EIGHT = 8, _("groep 8")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="applications")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="applications")
    first_name = models.CharField(_("voornaam"), max_length=60)
    grade = models.PositiveSmallIntegerField(_("groep"), choices=Grade.choices)
    age = models.PositiveSmallIntegerField(
        _("leeftijd"), validators=[MinValueValidator(8), MaxValueValidator(13)]
    )
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("wijk of dorp waar het kind woont"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    parental_consent = models.BooleanField(_("ouders of verzorgers geven toestemming"))
    selected = models.BooleanField(_("ingeloot"), default=False, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["school__name", "first_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(parental_consent=True), name="kinderraad_consent_required"
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} ({self.school})"


class Election(models.Model):
    """The child mayor election among candidates from the drawn council."""

    class Method(models.TextChoices):
        INSTANT_RUNOFF = "instant_runoff", _("rangschikken (instant-runoff)")
        PLURALITY = "plurality", _("één keuze (meeste stemmen)")

    class Status(models.TextChoices):
        PREPARING = "preparing", _("in voorbereiding")
        OPEN = "open", _("stemmen kan")
        CLOSED = "closed", _("gesloten, uitslag bekend")

    council = models.OneToOneField(Council, on_delete=models.CASCADE, related_name="election")
    method = models.CharField(
        _("manier van stemmen"),
        max_length=20,
        choices=Method.choices,
        default=Method.INSTANT_RUNOFF,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREPARING
    )
    candidates = models.ManyToManyField(
        Application, verbose_name=_("kandidaten"), blank=True, related_name="+"
    )
    result = models.JSONField(_("uitslag"), null=True, blank=True, editable=False)
    winner = models.ForeignKey(
        Application,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("verkiezing kinderburgemeester")
        verbose_name_plural = _("verkiezingen kinderburgemeester")

    def __str__(self) -> str:
        return f"{_('Verkiezing')} – {self.council}"

    @property
    def is_ranked(self) -> bool:
        return self.method == self.Method.INSTANT_RUNOFF


class VotingCode(models.Model):
    """A code handed out at a school. Keyed hash only; ``used`` flips once. It holds no time
    and no link to the ballot, so a ballot cannot be traced back to a code or a child."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="codes")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    used = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("stemcode")
        verbose_name_plural = _("stemcodes")

    def __str__(self) -> str:
        return f"{_('Stemcode')} #{self.pk} ({self.school})"


class Ballot(models.Model):
    """A child's vote: candidate application ids in order of preference (one for plurality)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="ballots")
    ranking = models.JSONField()

    class Meta:
        verbose_name = _("stembiljet")
        verbose_name_plural = _("stembiljetten")

    def __str__(self) -> str:
        return f"{_('Stembiljet')} #{self.pk}"
