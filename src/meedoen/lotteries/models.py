"""Lotteries: panels drawn by sortition (burgerberaad, burgertop, co-owners' meeting).

A panel is drawn in two stages, both with ``meedoen.sortition``:

1. *Stage 1* draws invitations from a population: an uploaded BRP selection
   (:class:`PopulationMember`, deleted right after the draw except for the people invited) or,
   for a co-owners' meeting, the standing share register (:class:`ShareHolder`).
2. People answer with the response code on their letter (:class:`Invitation`); *stage 2*
   draws the panel from the respondents within the quotas (:class:`Quota`), LEXIMIN-fair.

Every draw is kept as a :class:`Draw` with the engine's record, so anyone can re-run it.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PanelQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class Panel(models.Model):
    class Kind(models.TextChoices):
        BURGERBERAAD = "burgerberaad", _("burgerberaad")
        BURGERTOP = "burgertop", _("burgertop")
        COOWNERS = "mede_eigenaren", _("mede-eigenarenbijeenkomst")
        KINDERRAAD = "kinderraad", _("kinderraad")

    class Source(models.TextChoices):
        UPLOAD = "upload", _("een bevolkingsbestand uit de BRP (upload)")
        SHARE_REGISTER = "share_register", _("het aandeelregister (iedereen van 16+)")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=150)
    slug = models.SlugField(unique=True)
    topic = models.TextField(_("onderwerp"))
    place = models.CharField(_("plaats"), max_length=150, blank=True)
    starts_on = models.DateField(_("eerste bijeenkomst"), null=True, blank=True)
    ends_on = models.DateField(_("laatste bijeenkomst"), null=True, blank=True)
    panel_size = models.PositiveSmallIntegerField(_("aantal deelnemers"))
    population_source = models.CharField(
        _("loten uit"),
        max_length=20,
        choices=Source.choices,
        default=Source.UPLOAD,
        help_text=_("Een mede-eigenarenbijeenkomst loot altijd uit het aandeelregister."),
    )
    invitation_count = models.PositiveIntegerField(_("aantal uitnodigingen"), default=0)
    min_age = models.PositiveSmallIntegerField(_("minimumleeftijd"), default=16)
    respond_by = models.DateField(_("aanmelden kan tot"), null=True, blank=True)
    allowance = models.CharField(
        _("vergoeding"), max_length=150, default="€ 25 per bijeenkomst", blank=True
    )
    help_phone = models.CharField(_("telefoonnummer voor vragen"), max_length=30, default="14 0570")
    show_first_names = models.BooleanField(
        _("voornamen van de deelnemers tonen"),
        default=False,
        help_text=_("Alleen van deelnemers die hun voornaam hebben opgegeven."),
    )
    is_public = models.BooleanField(_("tonen op de website"), default=False)
    outcome_text = models.TextField(_("uitkomst (advies of verslag)"), blank=True)
    outcome_pdf = models.FileField(_("verslag als pdf"), upload_to="lotteries/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PanelQuerySet.as_manager()

    class Meta:
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lotteries:panel_detail", args=[self.slug])

    @property
    def draws_from_share_register(self) -> bool:
        """A co-owners' meeting invites co-owners from the share register, not from an upload."""
        return (
            self.kind == self.Kind.COOWNERS or self.population_source == self.Source.SHARE_REGISTER
        )

    def draw_of(self, stage: str):
        return self.draws.filter(stage=stage).order_by("created_at").first()

    @property
    def stage1_draw(self):
        return self.draw_of(Draw.Stage.INVITATIONS)

    @property
    def stage2_draw(self):
        return self.draw_of(Draw.Stage.PANEL)

    @property
    def categories(self) -> dict[str, list["Quota"]]:
        """The panel's features in table order: category -> its quota rows."""
        grouped: dict[str, list[Quota]] = {}
        for quota in self.quotas.all():
            grouped.setdefault(quota.category, []).append(quota)
        return grouped


class Quota(models.Model):
    """How many panel members must have a self-reported feature value (min..max)."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="quotas")
    category = models.CharField(_("kenmerk"), max_length=60)
    value = models.CharField(_("waarde"), max_length=60)
    min = models.PositiveSmallIntegerField(_("minimaal"))
    max = models.PositiveSmallIntegerField(_("maximaal"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "category", "value"], name="lotteries_quota_unique_value"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category} = {self.value}: {self.min}-{self.max}"


class PopulationUpload(models.Model):
    """An uploaded stage-1 population file; its rows live only until the stage-1 draw."""

    panel = models.OneToOneField(Panel, on_delete=models.CASCADE, related_name="population_upload")
    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Set by the stage-1 draw, which deletes every row of people who were not invited.
    purged_at = models.DateTimeField(null=True, blank=True)
    purged_rows = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.panel}: {self.file_name}"


class PopulationMember(models.Model):
    """One row of the population file: pseudonymous id, address, birth year, sex, district."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="population")
    person_id = models.CharField(max_length=64)
    address = models.CharField(max_length=200)
    birth_year = models.PositiveSmallIntegerField()
    sex = models.CharField(max_length=10)
    district = models.CharField(max_length=60)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "person_id"], name="lotteries_population_unique_person"
            )
        ]

    def __str__(self) -> str:
        return self.person_id


class Invitation(models.Model):
    """One invited person. Other apps (shares) refer to this model: keep its name and fields.

    The response code on the letter is derived from a server key (so letters can be printed
    again); the database holds only its SHA-256 (``code_hash``).
    """

    class Status(models.TextChoices):
        INVITED = "invited", _("uitgenodigd")
        REGISTERED = "registered", _("aangemeld")
        SELECTED = "selected", _("geloot")
        REPLACEMENT = "replacement", _("geloot als vervanger")
        DROPPED_OUT = "dropped_out", _("afgemeld")

    class Channel(models.TextChoices):
        ONLINE = "online", _("online")
        PAPER = "paper", _("op papier")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="invitations")
    person_id = models.CharField(max_length=64)
    draw_position = models.PositiveIntegerField()
    address = models.CharField(max_length=200, blank=True)
    # Pseudonymous label of the address ("lives at the same address"), set by the stage-1 draw;
    # it outlives the address itself, so published draws stay verifiable after deletion.
    household = models.CharField(max_length=64, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    sex = models.CharField(max_length=10, blank=True)
    district = models.CharField(max_length=60, blank=True)
    code_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INVITED)
    first_name = models.CharField(_("voornaam"), max_length=80, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    features = models.JSONField(default=dict, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, blank=True)
    registered_at = models.DateTimeField(null=True, blank=True)
    result_sent_at = models.DateTimeField(null=True, blank=True)
    # The status the last result e-mail was about: a replacement drawn later gets a new one.
    result_sent_for = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["panel", "draw_position"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "person_id"], name="lotteries_invitation_unique_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.panel} #{self.draw_position}"

    @property
    def responded(self) -> bool:
        return self.status != self.Status.INVITED

    @property
    def in_panel(self) -> bool:
        return self.status in (self.Status.SELECTED, self.Status.REPLACEMENT)


class Draw(models.Model):
    """A performed draw with everything needed to check it again."""

    class Stage(models.TextChoices):
        INVITATIONS = "invitations", _("uitnodigingen (stap 1)")
        PANEL = "panel", _("panel (stap 2)")
        REPLACEMENT = "replacement", _("vervangers")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="draws")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    seed = models.CharField(max_length=200)
    algorithm = models.CharField(max_length=120)
    inputs = models.JSONField(default=dict)  # name -> SHA-256 of each input
    record = models.JSONField()
    min_probability = models.FloatField(null=True, blank=True)
    max_probability = models.FloatField(null=True, blank=True)
    gini = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.panel} – {self.get_stage_display()}"

    def get_absolute_url(self) -> str:
        return reverse("lotteries:draw_record", args=[self.panel.slug, self.pk])


class ShareRegister(models.Model):
    """The mede-aandeel register: every resident aged 16+ on the reference date holds a share.

    Derived from a population file; only pseudonymous id, birth year and district are kept.
    A new upload replaces the register as a whole.
    """

    reference_date = models.DateField(_("peildatum"))
    sha256 = models.CharField(max_length=64)
    holders_count = models.PositiveIntegerField(default=0)
    skipped_under_age = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        get_latest_by = "uploaded_at"

    def __str__(self) -> str:
        return f"Aandeelregister {self.reference_date:%d-%m-%Y}"


class ShareHolder(models.Model):
    register = models.ForeignKey(ShareRegister, on_delete=models.CASCADE, related_name="holders")
    person_id = models.CharField(max_length=64)
    birth_year = models.PositiveSmallIntegerField()
    district = models.CharField(max_length=60)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["register", "person_id"], name="lotteries_shareholder_unique_person"
            )
        ]

    def __str__(self) -> str:
        return self.person_id
