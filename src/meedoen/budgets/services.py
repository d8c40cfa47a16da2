"""The Meedoenbudget workflow: rounds, groups, initiatives, review, execution.

Every function here owns its transaction, takes and returns model objects, and raises
:class:`WorkflowError` (with a Dutch message for the person) when the step is not allowed now.
Who may call a function at all is decided by ``meedoen.accounts.permissions`` in the views;
these functions check the *state*: the round's phase and the initiative's status.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meedoen.accounts.permissions import Role
from meedoen.audit.services import record
from meedoen.budgets.models import (
    BudgetRound,
    Comment,
    Expense,
    GroupInvitation,
    GroupMembership,
    Initiative,
    ProgressUpdate,
    ResidentGroup,
    Review,
    StatusChange,
    Support,
    Theme,
)

Phase = BudgetRound.Phase
Status = Initiative.Status
INVITATION_DAYS = 14


class WorkflowError(Exception):
    """A step that is not allowed in the current phase or status; the message is for people."""


# --- labels -----------------------------------------------------------------------------


def actor_label(user, initiative: Initiative | None = None) -> str:
    """How an actor appears on a public timeline: by role, never by a resident's name."""
    if user is None or not getattr(user, "is_authenticated", False):
        return _("systeem")
    if getattr(user, "is_resident", False):
        return _("bewonersgroep")
    # The label comes from the role assignments themselves: the view already checked the
    # second factor, and a background step (no request) must label the same way.
    district = initiative.district if initiative else None
    held = {a.role: a for a in user.role_assignments.prefetch_related("districts")}
    for role in (Role.WIJKWETHOUDER, Role.WIJKMANAGER, Role.WIJKOPBOUWWERKER):
        if role in held and (district is None or district in held[role].districts.all()):
            return str(Role(role).label)
    for role in (Role.ADMINISTRATOR, Role.MODERATOR):
        if role in held:
            return str(Role(role).label)
    return _("medewerker")


# --- rounds -----------------------------------------------------------------------------


def _unique_slug(title: str, exclude_pk=None) -> str:
    base = slugify(title)[:40] or "ronde"
    slug, n = base, 2
    while BudgetRound.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _sync_themes(budget_round: BudgetRound, names: list[str]) -> None:
    if budget_round.ballot_form != BudgetRound.BallotForm.THEMES:
        names = []
    budget_round.themes.exclude(name__in=names).delete()
    for position, name in enumerate(names):
        Theme.objects.update_or_create(
            round=budget_round, name=name, defaults={"position": position}
        )


@transaction.atomic
def save_round(budget_round: BudgetRound, actor, theme_names: list[str]) -> BudgetRound:
    """Creates or changes a round (from the staff form); themes only for the theme ballot."""
    creating = budget_round.pk is None
    if not creating:
        locked = BudgetRound.objects.select_for_update().get(pk=budget_round.pk)
        if locked.phase_index() >= BudgetRound.PHASE_ORDER.index(Phase.VOTING):
            raise WorkflowError(_("Het stemmen is begonnen. U kunt de ronde niet meer wijzigen."))
    if creating:
        budget_round.slug = _unique_slug(budget_round.title)
        budget_round.phase = Phase.DRAFT
    budget_round.save()
    _sync_themes(budget_round, theme_names)
    record(
        actor,
        "budgets.round_created" if creating else "budgets.round_changed",
        budget_round,
        changes={
            "title": budget_round.title,
            "budget": str(budget_round.budget),
            "ballot_form": budget_round.ballot_form,
            "themes": theme_names,
        },
    )
    return budget_round


def next_phase(phase: str) -> str | None:
    order = BudgetRound.PHASE_ORDER
    index = order.index(phase)
    return order[index + 1] if index + 1 < len(order) else None


@transaction.atomic
def advance_phase(budget_round: BudgetRound, actor, *, expected_phase: str | None = None):
    """Moves a round one phase on (the 'volgende fase' button).

    ``expected_phase`` is the phase the person saw when pressing the button: if someone else
    moved the round in the meantime, nothing happens twice.
    """
    locked = BudgetRound.objects.select_for_update().get(pk=budget_round.pk)
    if expected_phase is not None and locked.phase != expected_phase:
        raise WorkflowError(_("De fase is intussen al veranderd. Bekijk de ronde opnieuw."))
    target = next_phase(locked.phase)
    if target is None:
        raise WorkflowError(_("Deze ronde is al afgesloten."))
    _move_round(locked, target, actor)
    return locked


def _move_round(locked: BudgetRound, target: str, actor) -> None:
    previous = locked.phase
    locked.phase = target
    locked.save(update_fields=["phase"])
    record(actor, "budgets.round_phase", locked, changes={"from": previous, "to": target})


def advance_due_phases(now=None) -> list[tuple[BudgetRound, str, str]]:
    """Moves every open round with automatic phases to the phase its dates say (for cron).

    Idempotent: a round already in its due phase is left alone. Rounds in preparation (DRAFT)
    are opened by an administrator, not by the calendar; rounds never move backwards and the
    calendar never closes a round.
    """
    moved = []
    candidates = BudgetRound.objects.filter(move_phases_automatically=True).exclude(
        phase__in=[Phase.DRAFT, Phase.CLOSED]
    )
    for pk in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            locked = BudgetRound.objects.select_for_update().get(pk=pk)
            due = locked.phase_due(now)
            order = BudgetRound.PHASE_ORDER
            if locked.phase in (Phase.DRAFT, Phase.CLOSED) or order.index(due) <= order.index(
                locked.phase
            ):
                continue
            previous = locked.phase
            _move_round(locked, due, None)
            moved.append((locked, previous, due))
    return moved


# --- resident groups --------------------------------------------------------------------


@transaction.atomic
def create_group(user, *, district, name: str, description: str, display_name: str):
    group = ResidentGroup.objects.create(district=district, name=name, description=description)
    GroupMembership.objects.create(group=group, user=user, accepted=True, display_name=display_name)
    record(user, "budgets.group_created", group, changes={"district": district.number})
    return group


@transaction.atomic
def invite(group: ResidentGroup, user) -> GroupInvitation:
    return GroupInvitation.objects.create(
        group=group,
        token=secrets.token_urlsafe(32),
        created_by=user,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )


def accept_invitation(token: str, user, *, display_name: str) -> GroupMembership:
    with transaction.atomic():
        invitation = (
            GroupInvitation.objects.select_for_update().select_related("group").get(token=token)
        )
        if not invitation.is_open:
            raise WorkflowError(_("Deze uitnodiging is al gebruikt of verlopen. Vraag een nieuwe."))
        if GroupMembership.objects.filter(group=invitation.group, user=user).exists():
            raise WorkflowError(_("U bent al lid van deze groep."))
        membership = GroupMembership.objects.create(
            group=invitation.group, user=user, accepted=True, display_name=display_name
        )
        invitation.accepted_by = user
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_by", "accepted_at"])
        record(user, "budgets.group_joined", invitation.group)
    return membership


@transaction.atomic
def decide_group(group: ResidentGroup, actor, *, confirm: bool, note: str) -> ResidentGroup:
    locked = ResidentGroup.objects.select_for_update().get(pk=group.pk)
    if locked.status == ResidentGroup.Status.CONFIRMED:
        raise WorkflowError(_("Deze groep is al bevestigd."))
    if not confirm and not note.strip():
        raise WorkflowError(_("Schrijf op welke informatie u nog nodig heeft."))
    previous = locked.status
    locked.status = (
        ResidentGroup.Status.CONFIRMED if confirm else ResidentGroup.Status.INFO_REQUESTED
    )
    locked.staff_note = note
    locked.save(update_fields=["status", "staff_note"])
    record(
        actor,
        "budgets.group_confirmed" if confirm else "budgets.group_info_requested",
        locked,
        changes={"from": previous, "to": locked.status, "note": note},
    )
    _notify(
        _member_addresses(locked),
        _("Uw bewonersgroep is bevestigd") if confirm else _("Het wijkteam heeft een vraag"),
        _("Het wijkteam heeft uw groep {name} bekeken.\n\n{note}\n\nBekijk de groep: {url}").format(
            name=locked.name,
            note=note,
            url=_absolute(reverse("budgets:group_detail", args=[locked.pk])),
        ),
    )
    return locked


@transaction.atomic
def update_group(group: ResidentGroup, user, *, name: str, description: str) -> ResidentGroup:
    """The group answers a request for information: it changes its details and asks again."""
    locked = ResidentGroup.objects.select_for_update().get(pk=group.pk)
    locked.name, locked.description = name, description
    if locked.status == ResidentGroup.Status.INFO_REQUESTED:
        locked.status = ResidentGroup.Status.PENDING
    locked.save(update_fields=["name", "description", "status"])
    record(user, "budgets.group_changed", locked)
    return locked


# --- initiatives ------------------------------------------------------------------------


def _change_status(initiative: Initiative, to: str, actor, note: str = "", label=None):
    previous = initiative.status
    initiative.status = to
    initiative.save(update_fields=["status", "updated_at"])
    StatusChange.objects.create(
        initiative=initiative,
        actor=None if getattr(actor, "is_resident", True) else actor,
        actor_label=label or actor_label(actor, initiative),
        from_status=previous,
        to_status=to,
        note=note,
    )
    record(
        actor,
        f"budgets.initiative_{to}",
        initiative,
        changes={"from": previous, "to": to, "note": note},
    )


def _locked(initiative: Initiative) -> Initiative:
    return (
        Initiative.objects.select_for_update(of=("self",))
        .select_related("round", "group", "district")
        .get(pk=initiative.pk)
    )


def _require_phase(budget_round: BudgetRound, phases, message: str) -> None:
    if budget_round.phase not in phases:
        raise WorkflowError(message)


def can_create_initiative(budget_round: BudgetRound, group: ResidentGroup) -> str | None:
    """None if the group may start an initiative in the round now, else the reason why not."""
    if budget_round.phase != Phase.IDEAS:
        return _("U kunt alleen ideeën indienen als de ronde in de fase 'ideeën' is.")
    if group.status != ResidentGroup.Status.CONFIRMED:
        return _("Uw groep moet eerst bevestigd zijn door het wijkteam.")
    if budget_round.district_id and budget_round.district_id != group.district_id:
        return _("Deze ronde is voor een andere wijk dan die van uw groep.")
    return None


@transaction.atomic
def create_initiative(budget_round, group, actor, **fields) -> Initiative:
    reason = can_create_initiative(budget_round, group)
    if reason:
        raise WorkflowError(reason)
    initiative = Initiative.objects.create(
        round=budget_round, group=group, district=group.district, **fields
    )
    StatusChange.objects.create(
        initiative=initiative, actor_label=_("bewonersgroep"), to_status=Status.DRAFT
    )
    record(actor, "budgets.initiative_created", initiative)
    return initiative


EDITABLE = (Status.DRAFT, Status.CHANGES_REQUESTED)


def ensure_editable(initiative: Initiative) -> None:
    if initiative.status not in EDITABLE:
        raise WorkflowError(_("Dit plan is ingediend. U kunt het nu niet meer wijzigen."))
    phases = (Phase.IDEAS,) if initiative.status == Status.DRAFT else (Phase.IDEAS, Phase.REVIEW)
    _require_phase(
        initiative.round, phases, _("De ronde is in een andere fase. Wijzigen kan nu niet meer.")
    )


def submit(initiative: Initiative, actor) -> Initiative:
    """The group hands in its plan (first time in IDEAS, after a change request also in REVIEW)."""
    with transaction.atomic():
        locked = _locked(initiative)
        ensure_editable(locked)
        if not locked.budget_lines.exists():
            raise WorkflowError(_("Zet minstens één kostenpost in de begroting."))
        if not locked.goals.exists():
            raise WorkflowError(_("Schrijf minstens één doel op."))
        resubmission = locked.status == Status.CHANGES_REQUESTED
        _change_status(
            locked,
            Status.SUBMITTED,
            actor,
            note=_("Aangepast en opnieuw ingediend.") if resubmission else "",
        )
    return locked


@transaction.atomic
def review(initiative: Initiative, actor, **fields) -> Review:
    """The district pair's review: pass, ask for changes or reject (only in REVIEW)."""
    locked = _locked(initiative)
    _require_phase(
        locked.round, (Phase.REVIEW,), _("Beoordelen kan alleen in de fase 'beoordeling'.")
    )
    if locked.status != Status.SUBMITTED:
        raise WorkflowError(_("Dit plan wacht niet op een beoordeling."))
    outcome = fields["outcome"]
    message = fields.get("message_to_group", "").strip()
    if outcome in (Review.Outcome.CHANGES, Review.Outcome.REJECT) and not message:
        raise WorkflowError(_("Schrijf aan de groep wat er anders moet of waarom het niet kan."))
    result = Review.objects.create(initiative=locked, reviewer=actor, **fields)
    if outcome == Review.Outcome.PASS:
        to = Status.REVIEWED if locked.round.requires_alderman_approval else Status.APPROVED
    elif outcome == Review.Outcome.CHANGES:
        to = Status.CHANGES_REQUESTED
    else:
        to = Status.REJECTED
    _change_status(locked, to, actor, note=message)
    if to in (Status.CHANGES_REQUESTED, Status.REJECTED, Status.APPROVED):
        _notify_outcome(locked, to, message)
    return result


@transaction.atomic
def alderman_decision(initiative: Initiative, actor, *, approve: bool, note: str) -> Initiative:
    locked = _locked(initiative)
    _require_phase(
        locked.round, (Phase.REVIEW,), _("Goedkeuren kan alleen in de fase 'beoordeling'.")
    )
    if locked.status != Status.REVIEWED:
        raise WorkflowError(_("Dit plan wacht niet op de wethouder."))
    if not approve and not note.strip():
        raise WorkflowError(_("Schrijf op waarom het plan niet door kan gaan."))
    to = Status.APPROVED if approve else Status.REJECTED
    _change_status(locked, to, actor, note=note)
    _notify_outcome(locked, to, note)
    return locked


def record_round_outcome(budget_round: BudgetRound, selected_initiative_ids, actor) -> BudgetRound:
    """The count's outcome (called by the voting app): SELECTED / NOT_SELECTED per initiative.

    Only initiatives that were on the ballot can be selected. Calling it again with another
    outcome (a recount) corrects the statuses; unchanged initiatives get no new timeline entry.
    A round still in VOTING moves to RESULTS. Groups hear the outcome by e-mail.
    """
    selected = {int(pk) for pk in selected_initiative_ids}
    with transaction.atomic():
        locked_round = BudgetRound.objects.select_for_update().get(pk=budget_round.pk)
        on_ballot = list(
            Initiative.objects.select_for_update(of=("self",))
            .filter(
                round=locked_round,
                status__in=[Status.APPROVED, Status.SELECTED, Status.NOT_SELECTED],
            )
            .select_related("round", "district", "group")
        )
        unknown = selected - {i.pk for i in on_ballot}
        if unknown:
            raise ValueError(f"initiatives {sorted(unknown)} were not on the ballot of this round")
        changed = []
        for initiative in on_ballot:
            to = Status.SELECTED if initiative.pk in selected else Status.NOT_SELECTED
            if initiative.status != to:
                _change_status(initiative, to, actor, label=_("uitslag van de stemming"))
                changed.append(initiative)
        if locked_round.phase_index() < BudgetRound.PHASE_ORDER.index(Phase.RESULTS):
            _move_round(locked_round, Phase.RESULTS, actor)
        record(
            actor,
            "budgets.round_outcome",
            locked_round,
            changes={"selected": sorted(selected)},
        )
        for initiative in changed:
            _notify_outcome(initiative, initiative.status, "")
    return locked_round


# --- comments and support ---------------------------------------------------------------


def _require_ideas_phase(initiative: Initiative) -> None:
    _require_phase(
        initiative.round,
        (Phase.IDEAS,),
        _("Reageren en steunen kan alleen in de fase 'ideeën'."),
    )
    if initiative.status in (Status.DRAFT, Status.REJECTED):
        raise WorkflowError(_("Op dit plan kunt u niet reageren."))


@transaction.atomic
def add_comment(initiative: Initiative, user, text: str) -> Comment:
    _require_ideas_phase(initiative)
    return Comment.objects.create(initiative=initiative, author=user, text=text)


def support(initiative: Initiative, user) -> bool:
    """Adds the resident's support; False if they already supported it (one per resident)."""
    _require_ideas_phase(initiative)
    try:
        with transaction.atomic():
            Support.objects.create(initiative=initiative, user=user)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def withdraw_support(initiative: Initiative, user) -> None:
    _require_ideas_phase(initiative)
    Support.objects.filter(initiative=initiative, user=user).delete()


@transaction.atomic
def hide_comment(comment: Comment, actor, reason: str) -> Comment:
    if not reason.strip():
        raise WorkflowError(_("Schrijf op waarom u de reactie verbergt."))
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    locked.hidden_reason, locked.hidden_by, locked.hidden_at = reason, actor, timezone.now()
    locked.save(update_fields=["hidden_reason", "hidden_by", "hidden_at"])
    record(actor, "budgets.comment_hidden", locked, changes={"reason": reason})
    return locked


# --- execution --------------------------------------------------------------------------


def _require_execution(initiative: Initiative) -> None:
    if initiative.status != Status.SELECTED:
        raise WorkflowError(_("Dit kan alleen bij een gekozen plan dat nog loopt."))
    _require_phase(
        initiative.round, (Phase.EXECUTION,), _("Dit kan alleen in de fase 'uitvoering'.")
    )


@transaction.atomic
def add_progress(initiative: Initiative, actor, *, text: str, percent_done: int, photo=None):
    locked = _locked(initiative)
    _require_execution(locked)
    update = ProgressUpdate.objects.create(initiative=locked, text=text, percent_done=percent_done)
    if photo is not None:
        photo.initiative = locked
        photo.progress_update = update
        photo.save()
    record(actor, "budgets.progress_added", locked, changes={"percent_done": percent_done})
    return update


@transaction.atomic
def add_expense(initiative: Initiative, actor, expense: Expense) -> Expense:
    locked = _locked(initiative)
    _require_execution(locked)
    if expense.budget_line.initiative_id != locked.pk:
        raise WorkflowError(_("Kies een kostenpost van dit plan."))
    expense.initiative = locked
    expense.status = Expense.Status.SUBMITTED
    expense.save()
    record(actor, "budgets.expense_added", expense, changes={"amount": str(expense.amount)})
    return expense


@transaction.atomic
def decide_expense(expense: Expense, actor, *, approve: bool, note: str) -> Expense:
    locked = (
        Expense.objects.select_for_update().select_related("initiative__round").get(pk=expense.pk)
    )
    if locked.status != Expense.Status.SUBMITTED:
        raise WorkflowError(_("Over deze uitgave is al besloten."))
    if locked.initiative.round.phase != Phase.EXECUTION:
        raise WorkflowError(_("Dit kan alleen in de fase 'uitvoering'."))
    if not approve and not note.strip():
        raise WorkflowError(_("Schrijf op waarom u de uitgave afkeurt."))
    locked.status = Expense.Status.APPROVED if approve else Expense.Status.REJECTED
    locked.review_note, locked.reviewed_by, locked.reviewed_at = note, actor, timezone.now()
    locked.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
    record(
        actor,
        "budgets.expense_approved" if approve else "budgets.expense_rejected",
        locked,
        changes={"amount": str(locked.amount), "note": note},
    )
    return locked


@transaction.atomic
def complete(initiative: Initiative, actor, *, report: str) -> Initiative:
    locked = _locked(initiative)
    _require_execution(locked)
    if not report.strip():
        raise WorkflowError(_("Schrijf een eindverslag."))
    locked.final_report, locked.completed_at = report, timezone.now()
    locked.save(update_fields=["final_report", "completed_at", "updated_at"])
    _change_status(locked, Status.COMPLETED, actor)
    return locked


def spending_by_line(initiative: Initiative) -> list[dict]:
    """Per budget line: what was budgeted, approved and still waiting for a check."""
    rows = []
    for line in initiative.budget_lines.prefetch_related("expenses"):
        expenses = list(line.expenses.all())
        rows.append(
            {
                "line": line,
                "budgeted": line.amount,
                "approved": sum(
                    (e.amount for e in expenses if e.status == Expense.Status.APPROVED),
                    Decimal("0"),
                ),
                "waiting": sum(
                    (e.amount for e in expenses if e.status == Expense.Status.SUBMITTED),
                    Decimal("0"),
                ),
            }
        )
    return rows


# --- mail -------------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _member_addresses(group: ResidentGroup | None) -> list[str]:
    if group is None:
        return []
    return list(
        GroupMembership.objects.filter(group=group, accepted=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


OUTCOME_SUBJECTS = {
    Status.CHANGES_REQUESTED: gettext_lazy("Het wijkteam vraagt een aanpassing van uw plan"),
    Status.REJECTED: gettext_lazy("Uw plan is afgewezen"),
    Status.APPROVED: gettext_lazy("Uw plan is goedgekeurd voor de stemming"),
    Status.SELECTED: gettext_lazy("Uw plan is gekozen"),
    Status.NOT_SELECTED: gettext_lazy("Uw plan is niet gekozen"),
}


def _notify_outcome(initiative: Initiative, status: str, note: str) -> None:
    addresses = _member_addresses(initiative.group)
    if initiative.contact_email and initiative.contact_email not in addresses:
        addresses.append(initiative.contact_email)
    body = _("Er is nieuws over uw plan '{title}': {status}.").format(
        title=initiative.title, status=Status(status).label
    )
    if note:
        body += "\n\n" + note
    body += "\n\n" + _("Bekijk het plan: {url}").format(
        url=_absolute(initiative.get_absolute_url())
    )
    _notify(addresses, str(OUTCOME_SUBJECTS[status]), body)


def _notify(addresses: list[str], subject: str, body: str) -> None:
    if not addresses:
        return
    # One message per address (no one sees the others' addresses), after the commit so a
    # rolled-back step sends nothing.
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in addresses]
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
