"""The Meedoenbudget and burgerbegroting: rounds, resident groups and initiatives.

The core shapes live here; the workflow (review, approval, execution) lives in services.
Voting (codes, ballots, counting) is its own bounded context: ``meedoen.voting``.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BudgetRoundQuerySet(models.QuerySet):
    def visible(self):
        return self.exclude(phase=BudgetRound.Phase.DRAFT)

    def for_district(self, district):
        """Rounds that concern a district: its own Meedoenbudget and city-wide rounds."""
        return self.filter(models.Q(district=district) | models.Q(district__isnull=True))


class BudgetRound(models.Model):
    """One round of deciding on money: a district's Meedoenbudget or the city's burgerbegroting."""

    class Kind(models.TextChoices):
        MEEDOENBUDGET = "meedoenbudget", _("Meedoenbudget (wijk of dorp)")
        BURGERBEGROTING = "burgerbegroting", _("Burgerbegroting (hele stad)")

    class Phase(models.TextChoices):
        DRAFT = "draft", _("in voorbereiding")
        IDEAS = "ideas", _("ideeën")
        REVIEW = "review", _("beoordeling")
        VOTING = "voting", _("stemmen")
        RESULTS = "results", _("uitslag")
        EXECUTION = "execution", _("uitvoering")
        CLOSED = "closed", _("afgesloten")

    PHASE_ORDER = [
        Phase.DRAFT,
        Phase.IDEAS,
        Phase.REVIEW,
        Phase.VOTING,
        Phase.RESULTS,
        Phase.EXECUTION,
        Phase.CLOSED,
    ]

    class BallotForm(models.TextChoices):
        APPROVAL = "approval", _("kies maximaal een aantal plannen")
        KNAPSACK = "knapsack", _("kies plannen binnen het budget")
        POINTS = "points", _("verdeel punten over plannen")
        THEMES = "themes", _("verdeel het budget over thema's")

    class Rule(models.TextChoices):
        GREEDY = "greedy", _("meeste stemmen eerst (greedy)")
        MES = "mes", _("Method of Equal Shares")

    class Completion(models.TextChoices):
        NONE = "none", _("geen aanvulling")
        GREEDY = "greedy", _("aanvullen met meeste stemmen")
        ADD1 = "add1", _("aanvullen door budget per kiezer te verhogen (add1)")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("wijk of dorp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_rounds",
        help_text=_("Leeg voor de burgerbegroting van de hele stad."),
    )
    title = models.CharField(_("titel"), max_length=150)
    slug = models.SlugField(unique=True)
    description = models.TextField(_("uitleg"), blank=True)
    budget = models.DecimalField(_("budget in euro"), max_digits=12, decimal_places=2)
    phase = models.CharField(_("fase"), max_length=16, choices=Phase.choices, default=Phase.DRAFT)
    ideas_start = models.DateTimeField(_("ideeën vanaf"))
    review_start = models.DateTimeField(_("beoordeling vanaf"))
    voting_start = models.DateTimeField(_("stemmen vanaf"))
    voting_end = models.DateTimeField(_("stemmen tot"))
    execution_start = models.DateTimeField(_("uitvoering vanaf"))
    move_phases_automatically = models.BooleanField(
        _("fase wisselt vanzelf op de datums"), default=True
    )
    minimum_age = models.PositiveSmallIntegerField(_("minimumleeftijd om te stemmen"), default=16)
    ballot_form = models.CharField(
        _("manier van stemmen"), max_length=16, choices=BallotForm.choices
    )
    max_choices = models.PositiveSmallIntegerField(
        _("maximaal aantal keuzes"), null=True, blank=True
    )
    points_to_distribute = models.PositiveSmallIntegerField(
        _("te verdelen punten"), null=True, blank=True
    )
    rule = models.CharField(_("telregel"), max_length=16, choices=Rule.choices, default=Rule.MES)
    completion = models.CharField(
        _("aanvulling"), max_length=16, choices=Completion.choices, default=Completion.ADD1
    )
    requires_alderman_approval = models.BooleanField(
        _("wijkwethouder keurt goed voor het stemmen"), default=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BudgetRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("budgetronde")
        verbose_name_plural = _("budgetrondes")
        ordering = ["-voting_start"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("budgets:round_detail", args=[self.slug])

    def phase_due(self, now=None):
        """The phase the calendar says the round should be in (for automatic moves)."""
        now = now or timezone.now()
        if now >= self.execution_start:
            return self.Phase.EXECUTION
        if now >= self.voting_end:
            return self.Phase.RESULTS
        if now >= self.voting_start:
            return self.Phase.VOTING
        if now >= self.review_start:
            return self.Phase.REVIEW
        if now >= self.ideas_start:
            return self.Phase.IDEAS
        return self.Phase.DRAFT

    def phase_index(self) -> int:
        return self.PHASE_ORDER.index(self.phase)


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


class Initiative(models.Model):
    """A plan of a resident group, from draft to carried out."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("concept")
        SUBMITTED = "submitted", _("ingediend")
        CHANGES_REQUESTED = "changes_requested", _("aanpassing gevraagd")
        REVIEWED = "reviewed", _("beoordeeld, wacht op wethouder")
        APPROVED = "approved", _("goedgekeurd voor stemming")
        REJECTED = "rejected", _("afgewezen")
        SELECTED = "selected", _("gekozen")
        NOT_SELECTED = "not_selected", _("niet gekozen")
        COMPLETED = "completed", _("uitgevoerd")

    round = models.ForeignKey(BudgetRound, on_delete=models.PROTECT, related_name="initiatives")
    group = models.ForeignKey(
        ResidentGroup, on_delete=models.PROTECT, related_name="initiatives", null=True, blank=True
    )
    district = models.ForeignKey(
        "districts.District", on_delete=models.PROTECT, related_name="initiatives"
    )
    title = models.CharField(_("titel"), max_length=150)
    summary = models.CharField(_("in één zin"), max_length=300)
    description = models.TextField(_("beschrijving"))
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.DRAFT)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    location_name = models.CharField(_("plek"), max_length=150, blank=True)
    contact_name = models.CharField(_("contactpersoon"), max_length=120, blank=True)
    contact_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("initiatief")
        verbose_name_plural = _("initiatieven")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("budgets:initiative_detail", args=[self.pk])

    @property
    def total_cost(self):
        return sum((line.amount for line in self.budget_lines.all()), 0)


class BudgetLine(models.Model):
    """One line of an initiative's cost ('materials: € 450')."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="budget_lines"
    )
    description = models.CharField(_("omschrijving"), max_length=200)
    amount = models.DecimalField(_("bedrag in euro"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("begrotingsregel")
        verbose_name_plural = _("begrotingsregels")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.description}: € {self.amount}"


class Theme(models.Model):
    """A theme of the burgerbegroting's budget division (wonen, welzijn, sport, …)."""

    round = models.ForeignKey(BudgetRound, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("naam"), max_length=80)
    description = models.TextField(_("uitleg"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="theme_per_round")]

    def __str__(self) -> str:
        return self.name
