"""Voting codes, 'has voted' marks, anonymous ballots, paper entries and results.

Ballot secrecy is a property of the tables, not of the code that reads them:

- :class:`VoterMark` says *who* voted (a BSN pseudonym, or the id of an address code) and
  nothing about the ballot;
- :class:`AnonymousBallot` says *what* was voted and nothing about who: no foreign key to a user
  or a code, no timestamp, and a random UUID as primary key so neither the key nor the default
  ordering reveals the order in which ballots came in.

Both are written in one transaction; the unique constraint on (round, voter_key) is what makes
a second ballot of the same person impossible, also for two requests at the same moment.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class VotingCodeBatch(models.Model):
    """One upload of addresses or people for which letters with a voting code were printed."""

    class Kind(models.TextChoices):
        PEOPLE = "people", _("personen (BSN)")
        ADDRESSES = "addresses", _("adressen")

    round = models.ForeignKey(
        "budgets.BudgetRound", on_delete=models.CASCADE, related_name="code_batches"
    )
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices)
    size = models.PositiveIntegerField(_("aantal codes"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reeks stemcodes")
        verbose_name_plural = _("reeksen stemcodes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.round} – {self.size} codes"


class VotingCode(models.Model):
    """A voting code from a letter. Only a keyed hash is stored: the database cannot print it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(
        "budgets.BudgetRound", on_delete=models.CASCADE, related_name="voting_codes"
    )
    batch = models.ForeignKey(VotingCodeBatch, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True)
    # The BSN pseudonym for a code made for a person (so that person's DigiD login and every
    # other code for them share one 'has voted' mark), else "code:<id>".
    voter_key = models.CharField(max_length=80, db_index=True)
    used = models.BooleanField(_("gebruikt"), default=False)
    void = models.BooleanField(_("ingetrokken"), default=False)

    class Meta:
        verbose_name = _("stemcode")
        verbose_name_plural = _("stemcodes")

    def __str__(self) -> str:
        return f"stemcode {str(self.pk)[:8]}"


class VoterMark(models.Model):
    """'This person has voted in this round.' No link to the ballot, no time."""

    round = models.ForeignKey(
        "budgets.BudgetRound", on_delete=models.CASCADE, related_name="voter_marks"
    )
    voter_key = models.CharField(max_length=80)

    class Meta:
        verbose_name = _("stemmarkering")
        verbose_name_plural = _("stemmarkeringen")
        constraints = [
            models.UniqueConstraint(fields=["round", "voter_key"], name="one_ballot_per_voter")
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: heeft gestemd"


class AnonymousBallot(models.Model):
    """One counted ballot. Deliberately without voter, code or timestamp (see module doc)."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("online")
        PAPER = "paper", _("op papier")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(
        "budgets.BudgetRound", on_delete=models.PROTECT, related_name="ballots"
    )
    # approval/knapsack: [initiative ids]; points: {initiative id: points};
    # themes: {theme id: euros}.
    choices = models.JSONField()
    receipt_hash = models.CharField(max_length=64, unique=True)
    channel = models.CharField(max_length=8, choices=Channel.choices)

    class Meta:
        verbose_name = _("stembiljet")
        verbose_name_plural = _("stembiljetten")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"stembiljet {str(self.pk)[:8]}"


class PaperBallotEntry(models.Model):
    """A paper ballot typed in by one staff member, waiting for a second one (four eyes).

    While pending it holds the choices and the code it was entered against, so a rejection can
    free the code again. On confirmation the choices move to an :class:`AnonymousBallot` and
    are wiped here, together with the link to the code; what stays is who entered and who
    confirmed (the audit trail of the four-eyes step).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("wacht op controle")
        CONFIRMED = "confirmed", _("bevestigd")
        REJECTED = "rejected", _("afgewezen")

    round = models.ForeignKey(
        "budgets.BudgetRound", on_delete=models.PROTECT, related_name="paper_entries"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    choices = models.JSONField(default=dict, blank=True)
    code = models.ForeignKey(
        VotingCode, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    receipt_hash = models.CharField(max_length=64, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_on = models.DateField(auto_now_add=True)

    class Meta:
        verbose_name = _("papieren stem")
        verbose_name_plural = _("papieren stemmen")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"papieren stem #{self.pk} ({self.get_status_display()})"


class RoundResult(models.Model):
    """The stored count of a round: the engine's JSON and how many ballots went in."""

    round = models.OneToOneField(
        "budgets.BudgetRound", on_delete=models.CASCADE, related_name="result"
    )
    engine = models.JSONField()
    counted_at = models.DateTimeField()
    ballots_online = models.PositiveIntegerField()
    ballots_paper = models.PositiveIntegerField()
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notified = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("uitslag")
        verbose_name_plural = _("uitslagen")

    def __str__(self) -> str:
        return f"{self.round} – uitslag"

    @property
    def ballots_total(self) -> int:
        return self.ballots_online + self.ballots_paper


class ResultSubscription(models.Model):
    """An e-mail address left on the receipt page for the results; apart from any ballot."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(
        "budgets.BudgetRound", on_delete=models.CASCADE, related_name="result_subscriptions"
    )
    email = models.EmailField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "email"], name="one_subscription_per_email")
        ]

    def __str__(self) -> str:
        return f"uitslag per e-mail ({self.round_id})"
