"""Voting: making codes, casting ballots (online and on paper), the four-eyes step.

Every write that decides whether someone has voted locks the round row (``select_for_update``)
and, for a code, the code row, inside one transaction; the unique constraint on
:class:`~meedoen.voting.models.VoterMark` is the final guard. So two requests at the same moment,
two codes of one person, or a code and a DigiD login of one person give exactly one ballot.
Locking the round also orders ballots before closing: a ballot either commits before voting
closes, or sees the closed round and is refused.
"""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from meedoen.accounts.pseudonym import bsn_pseudonym
from meedoen.audit.services import record
from meedoen.budgets.models import BudgetRound
from meedoen.voting import ballots as ballot_rules
from meedoen.voting.codes import (
    ParsedUpload,
    Recipient,
    code_hash,
    new_code,
    new_receipt,
    receipt_hash,
)
from meedoen.voting.eligibility import Voter
from meedoen.voting.models import (
    AnonymousBallot,
    PaperBallotEntry,
    ResultSubscription,
    VoterMark,
    VotingCode,
    VotingCodeBatch,
)


class VotingError(Exception):
    """A refusal with a message for the person (Dutch, B1)."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or [message]


class AlreadyVoted(VotingError):
    def __init__(self):
        super().__init__(_("U heeft al gestemd in deze ronde."))


class VotingClosed(VotingError):
    def __init__(self):
        super().__init__(_("Het stemmen in deze ronde is gesloten."))


class InvalidBallot(VotingError):
    def __init__(self, problems: list[str]):
        super().__init__(problems[0], problems)


def _locked_open_round(budget_round) -> BudgetRound:
    locked = BudgetRound.objects.select_for_update().get(pk=budget_round.pk)
    if locked.phase != BudgetRound.Phase.VOTING:
        raise VotingClosed()
    return locked


def _checked_choices(budget_round, choices):
    options = ballot_rules.ballot_options(budget_round)
    choices = ballot_rules.canonical(budget_round, choices)
    problems = ballot_rules.problems(budget_round, options, choices)
    if problems:
        raise InvalidBallot(problems)
    return choices


def _mark_voted(budget_round, voter_key: str) -> VoterMark:
    try:
        with transaction.atomic():
            return VoterMark.objects.create(round=budget_round, voter_key=voter_key)
    except IntegrityError:
        raise AlreadyVoted() from None


def _lock_code(budget_round, code_id) -> VotingCode:
    code = VotingCode.objects.select_for_update().filter(pk=code_id, round=budget_round).first()
    if code is None or code.void:
        raise VotingError(_("Deze stemcode is niet (meer) geldig."))
    if code.used:
        raise AlreadyVoted()
    return code


def has_voted(budget_round, voter_key: str) -> bool:
    return VoterMark.objects.filter(round=budget_round, voter_key=voter_key).exists()


def cast_ballot(budget_round, voter: Voter, choices) -> str:
    """Stores one anonymous ballot for the voter and returns the receipt code (shown once)."""
    choices = _checked_choices(budget_round, choices)
    receipt = new_receipt()
    with transaction.atomic():
        locked = _locked_open_round(budget_round)
        code = _lock_code(locked, voter.code_id) if voter.by_code else None
        _mark_voted(locked, voter.voter_key)
        if code is not None:
            code.used = True
            code.save(update_fields=["used"])
        AnonymousBallot.objects.create(
            round=locked,
            choices=choices,
            receipt_hash=receipt_hash(receipt),
            channel=AnonymousBallot.Channel.ONLINE,
        )
    return receipt


def code_for(budget_round, plain_code: str) -> VotingCode | None:
    return VotingCode.objects.filter(
        round=budget_round, code_hash=code_hash(plain_code), void=False
    ).first()


def find_code(plain_code: str) -> VotingCode | None:
    """The valid code someone typed, in whichever round it belongs to."""
    return (
        VotingCode.objects.select_related("round")
        .filter(code_hash=code_hash(plain_code), void=False)
        .first()
    )


# --- codes ---------------------------------------------------------------------------------


def create_voting_codes(
    budget_round, upload: ParsedUpload, actor
) -> tuple[VotingCodeBatch, list[tuple[Recipient, str]]]:
    """One new code per recipient. Returns the plain codes: the only moment they exist."""
    if upload.errors:
        raise VotingError(upload.errors[0], upload.errors)
    issued = []
    with transaction.atomic():
        batch = VotingCodeBatch.objects.create(
            round=budget_round, kind=upload.kind, size=len(upload.recipients), created_by=actor
        )
        codes = []
        for recipient in upload.recipients:
            plain = new_code()
            pk = uuid.uuid4()
            key = bsn_pseudonym(recipient.bsn) if recipient.bsn else f"code:{pk}"
            codes.append(
                VotingCode(
                    pk=pk,
                    round=budget_round,
                    batch=batch,
                    code_hash=code_hash(plain),
                    voter_key=key,
                )
            )
            issued.append((recipient, plain))
        VotingCode.objects.bulk_create(codes)
        record(
            actor,
            "voting.codes_created",
            batch,
            changes={"round": budget_round.pk, "kind": upload.kind, "size": len(codes)},
        )
    return batch, issued


def void_unused_codes(batch: VotingCodeBatch, actor) -> int:
    """Withdraws the batch's unused codes (e.g. when the letters were lost)."""
    with transaction.atomic():
        count = batch.codes.filter(used=False, void=False).update(void=True)
        record(actor, "voting.codes_voided", batch, changes={"voided": count})
    return count


# --- paper ballots (four eyes) -------------------------------------------------------------


def enter_paper_ballot(
    budget_round, plain_code: str, choices, actor
) -> tuple[PaperBallotEntry, str]:
    """A staff member types in a paper ballot against the voter's code.

    The code counts as used at once (exactly as an online vote); the ballot itself only counts
    once a second staff member confirms it. Returns the entry and a receipt for the voter.
    """
    choices = _checked_choices(budget_round, choices)
    receipt = new_receipt()
    with transaction.atomic():
        locked = _locked_open_round(budget_round)
        found = code_for(locked, plain_code)
        if found is None:
            raise VotingError(
                _("Deze stemcode hoort niet bij deze ronde. Kijk de code op de brief na.")
            )
        code = _lock_code(locked, found.pk)
        _mark_voted(locked, code.voter_key)
        code.used = True
        code.save(update_fields=["used"])
        entry = PaperBallotEntry.objects.create(
            round=locked,
            choices=choices,
            code=code,
            receipt_hash=receipt_hash(receipt),
            entered_by=actor,
        )
        record(actor, "voting.paper_entered", entry, changes={"round": locked.pk})
    return entry, receipt


def _locked_pending(entry) -> PaperBallotEntry:
    locked = PaperBallotEntry.objects.select_for_update().get(pk=entry.pk)
    if locked.status != PaperBallotEntry.Status.PENDING:
        raise VotingError(_("Deze papieren stem is al bevestigd of afgewezen."))
    return locked


def confirm_paper_ballot(entry: PaperBallotEntry, actor) -> AnonymousBallot:
    """The second pair of eyes: moves the choices to an anonymous ballot."""
    with transaction.atomic():
        locked = _locked_pending(entry)
        if locked.entered_by_id == actor.pk:
            raise VotingError(
                _(
                    "U heeft deze stem zelf ingevoerd. Een andere medewerker moet hem "
                    "controleren en bevestigen."
                )
            )
        ballot = AnonymousBallot.objects.create(
            round=locked.round,
            choices=locked.choices,
            receipt_hash=locked.receipt_hash,
            channel=AnonymousBallot.Channel.PAPER,
        )
        locked.status = PaperBallotEntry.Status.CONFIRMED
        locked.decided_by = actor
        locked.choices, locked.code, locked.receipt_hash = {}, None, ""
        locked.save()
        record(actor, "voting.paper_confirmed", locked, changes={"round": locked.round_id})
    return ballot


def reject_paper_ballot(entry: PaperBallotEntry, actor) -> None:
    """The entry was wrong: it is dropped and the voter's code can be used again.

    Anyone who may enter paper ballots may reject, the person who entered it too (to correct a
    typing error): rejecting never adds a vote, so it needs no second pair of eyes.
    """
    with transaction.atomic():
        locked = _locked_pending(entry)
        if locked.code_id:
            code = VotingCode.objects.select_for_update().get(pk=locked.code_id)
            VoterMark.objects.filter(round=locked.round, voter_key=code.voter_key).delete()
            code.used = False
            code.save(update_fields=["used"])
        locked.status = PaperBallotEntry.Status.REJECTED
        locked.decided_by = actor
        locked.choices, locked.code, locked.receipt_hash = {}, None, ""
        locked.save()
        record(actor, "voting.paper_rejected", locked, changes={"round": locked.round_id})


# --- receipts and notifications ------------------------------------------------------------


def receipt_status(receipt: str) -> str:
    """'counted', 'pending' (paper, waiting for the second check) or 'unknown'."""
    digest = receipt_hash(receipt)
    if AnonymousBallot.objects.filter(receipt_hash=digest).exists():
        return "counted"
    if PaperBallotEntry.objects.filter(
        receipt_hash=digest, status=PaperBallotEntry.Status.PENDING
    ).exists():
        return "pending"
    return "unknown"


def subscribe_to_results(budget_round, email: str) -> None:
    ResultSubscription.objects.get_or_create(round=budget_round, email=email.strip().lower())
