"""The Meedoenbudget and burgerbegroting: rounds, resident groups and initiatives.

The core shapes live here; the workflow (review, approval, execution) lives in services.
Voting (codes, ballots, counting) is its own bounded context: ``meedoen.voting``.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WheelArea(models.TextChoices):
    """The six areas of Deventer's participatiewiel (how a plan helps people take part)."""

    SOCIETY = "samenleving", _("Meedoen in de samenleving")
    WORK = "werk", _("Werk en opleiding")
    HEALTH = "gezondheid", _("Gezondheid")
    LIVING = "wonen", _("Wonen en leefomgeving")
    SOCIAL = "sociaal", _("Sociale contacten")
    MONEY = "financien", _("Financiën")


WHEEL_AREA_HELP = {
    WheelArea.SOCIETY: _("Mensen doen mee in de buurt, als vrijwilliger of in een club."),
    WheelArea.WORK: _("Mensen leren iets of komen dichter bij werk."),
    WheelArea.HEALTH: _("Mensen bewegen meer of voelen zich beter."),
    WheelArea.LIVING: _("De buurt wordt schoner, veiliger of mooier."),
    WheelArea.SOCIAL: _("Mensen leren elkaar kennen en zijn minder alleen."),
    WheelArea.MONEY: _("Mensen hebben minder geldzorgen of vinden hulp."),
}


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
        INFO_REQUESTED = "info_requested", _("meer informatie gevraagd")
        CONFIRMED = "confirmed", _("bevestigd")

    district = models.ForeignKey(
        "districts.District", on_delete=models.PROTECT, related_name="resident_groups"
    )
    name = models.CharField(_("naam"), max_length=120)
    description = models.TextField(_("wat wil de groep doen?"), blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    staff_note = models.TextField(
        _("vraag of opmerking van het wijkteam"),
        blank=True,
        help_text=_("De groep ziet dit op de pagina van de groep."),
    )
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
    # The name the member chooses to show to the group and the district team; we do not take
    # names from the BRP (privacy: the minimum).
    display_name = models.CharField(_("naam in de groep"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
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
    wheel_areas = models.JSONField(_("gebieden van het participatiewiel"), default=list, blank=True)
    final_report = models.TextField(_("eindverslag"), blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
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

    def wheel_area_labels(self) -> list[str]:
        labels = dict(WheelArea.choices)
        return [labels[area] for area in self.wheel_areas if area in labels]

    @property
    def is_on_ballot(self) -> bool:
        return self.status in ON_BALLOT

    @property
    def latest_progress(self):
        return self.progress_updates.order_by("-created_at", "-pk").first()

    @property
    def approved_spending(self):
        return sum(
            (e.amount for e in self.expenses.all() if e.status == Expense.Status.APPROVED), 0
        )


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


# The statuses of initiatives that were (or are) on the ballot: APPROVED before counting,
# SELECTED / NOT_SELECTED after it, COMPLETED when a selected plan was carried out.
ON_BALLOT = (
    Initiative.Status.APPROVED,
    Initiative.Status.SELECTED,
    Initiative.Status.NOT_SELECTED,
    Initiative.Status.COMPLETED,
)


class GroupInvitation(models.Model):
    """A link a member shares so another resident can join the group (used once)."""

    group = models.ForeignKey(ResidentGroup, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"uitnodiging voor {self.group}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class Goal(models.Model):
    """A concrete goal of an initiative: what will be different, for whom, by when."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="goals")
    what = models.CharField(_("wat is er dan anders?"), max_length=300)
    for_whom = models.CharField(_("voor wie?"), max_length=200)
    by_when = models.DateField(_("wanneer?"))

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["by_when", "pk"]

    def __str__(self) -> str:
        return self.what


def _photo_path(instance, filename):
    return f"budgets/photos/{instance.initiative_id}/{filename}"


def _receipt_path(instance, filename):
    return f"budgets/receipts/{instance.initiative_id}/{filename}"


class InitiativePhoto(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("foto"), upload_to=_photo_path)
    alt_text = models.CharField(_("wat is er te zien op de foto?"), max_length=200)
    progress_update = models.ForeignKey(
        "ProgressUpdate", null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("foto")
        verbose_name_plural = _("foto's")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.alt_text


class StatusChange(models.Model):
    """One step on an initiative's timeline. Residents appear by role, never by name."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="status_changes"
    )
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=80)
    from_status = models.CharField(max_length=24, choices=Initiative.Status.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=Initiative.Status.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.from_status} → {self.to_status}"


class Review(models.Model):
    """The district pair's structured review of a submitted initiative."""

    class CostCheck(models.TextChoices):
        REALISTIC = "realistic", _("de kosten kloppen")
        TOO_LOW = "too_low", _("de kosten zijn te laag ingeschat")
        TOO_HIGH = "too_high", _("de kosten zijn te hoog ingeschat")
        UNCLEAR = "unclear", _("de kosten zijn niet duidelijk")

    class Outcome(models.TextChoices):
        PASS = "pass", _("door naar de volgende stap")
        CHANGES = "changes", _("vraag de groep om aanpassing")
        REJECT = "reject", _("afwijzen")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    feasible = models.BooleanField(_("het plan is uitvoerbaar"))
    feasibility_note = models.TextField(_("toelichting op de uitvoerbaarheid"), blank=True)
    cost_check = models.CharField(_("kosten"), max_length=16, choices=CostCheck.choices)
    advice = models.TextField(_("advies"))
    outcome = models.CharField(_("besluit"), max_length=16, choices=Outcome.choices)
    message_to_group = models.TextField(_("bericht aan de groep"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.get_outcome_display()}"


class Comment(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="comments")
    # SET_NULL: when a resident deletes the account the comment stays, shown as 'een inwoner'.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_comments",
    )
    text = models.TextField(_("reactie"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_reason = models.CharField(_("reden om te verbergen"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:50]

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Support(models.Model):
    """A resident's 'I support this idea' (one per resident and initiative)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="budget_supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["initiative", "user"], name="one_support_per_resident")
        ]

    def __str__(self) -> str:
        return f"steun voor {self.initiative}"


class ProgressUpdate(models.Model):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="progress_updates"
    )
    text = models.TextField(_("wat is er gebeurd?"))
    percent_done = models.PositiveSmallIntegerField(_("hoeveel procent is klaar?"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent_done__lte=100), name="percent_done_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.percent_done}%"


class Expense(models.Model):
    """Money spent on a budget line, with a receipt, checked by the district pair."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("wacht op controle")
        APPROVED = "approved", _("goedgekeurd")
        REJECTED = "rejected", _("afgekeurd")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="expenses")
    budget_line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("begrotingsregel"),
        on_delete=models.PROTECT,
        related_name="expenses",
    )
    description = models.CharField(_("waaraan is het geld besteed?"), max_length=200)
    amount = models.DecimalField(_("bedrag in euro"), max_digits=10, decimal_places=2)
    receipt = models.FileField(_("bon of factuur"), upload_to=_receipt_path)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    review_note = models.CharField(_("toelichting"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("uitgave")
        verbose_name_plural = _("uitgaven")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.description}: € {self.amount}"
