"""Reads of the budgets context that other pages show (home, district pages, voting)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q

from meedoen.budgets.models import (
    ON_BALLOT,
    BudgetRound,
    Expense,
    Initiative,
    ProgressUpdate,
    ResidentGroup,
)

Phase = BudgetRound.Phase
Status = Initiative.Status
ACTIVE_PHASES = (Phase.IDEAS, Phase.REVIEW, Phase.VOTING, Phase.RESULTS, Phase.EXECUTION)
DECIDED_PHASES = (Phase.RESULTS, Phase.EXECUTION, Phase.CLOSED)


def initiatives_on_ballot(budget_round: BudgetRound):
    """The initiatives the ballot of a round lists: approved for voting by review (and, where
    the round asks for it, by the wijkwethouder).

    After the count they are SELECTED or NOT_SELECTED (and later COMPLETED); they stay in this
    list so results pages keep showing the same ballot.
    """
    return (
        Initiative.objects.filter(round=budget_round, status__in=ON_BALLOT)
        .select_related("district", "group")
        .prefetch_related("budget_lines")
        .order_by("title", "pk")
    )


def with_costs(queryset):
    return queryset.prefetch_related("budget_lines")


def _execution_prefetch(queryset):
    return queryset.prefetch_related(
        "budget_lines",
        Prefetch("expenses", queryset=Expense.objects.order_by("created_at")),
        Prefetch("progress_updates", queryset=ProgressUpdate.objects.order_by("-created_at")),
    )


def decided_initiatives(district=None):
    """Selected (and carried out) initiatives of rounds whose result is known."""
    qs = Initiative.objects.filter(
        status__in=[Status.SELECTED, Status.COMPLETED], round__phase__in=DECIDED_PHASES
    ).select_related("round", "district")
    if district is not None:
        qs = qs.filter(district=district)
    return _execution_prefetch(qs.order_by("-round__voting_end", "title"))


def rounds_by_phase():
    rounds = BudgetRound.objects.visible().select_related("district").order_by("ideas_start")
    groups = {phase: [] for phase in BudgetRound.PHASE_ORDER if phase != Phase.DRAFT}
    for budget_round in rounds:
        groups[budget_round.phase].append(budget_round)
    return [(Phase(phase).label, phase, items) for phase, items in groups.items() if items]


def home_overview() -> dict:
    return {
        "budget_rounds_now": list(
            BudgetRound.objects.filter(phase__in=ACTIVE_PHASES)
            .select_related("district")
            .order_by("district__number", "title")
        )
    }


def district_overview(district, user) -> dict:
    rounds = list(BudgetRound.objects.visible().for_district(district).select_related("district"))
    return {
        "resident_groups": ResidentGroup.objects.filter(
            district=district, status=ResidentGroup.Status.CONFIRMED
        ),
        "budget_rounds": rounds,
        "ideas_now": with_costs(
            Initiative.objects.filter(
                district=district,
                round__phase=Phase.IDEAS,
            )
            .exclude(status__in=[Status.DRAFT, Status.REJECTED])
            .annotate(support_count=Count("supports"))
            .order_by("title")
        ),
        "decided_initiatives": decided_initiatives(district),
    }


def district_staff_overview(district) -> dict:
    initiatives = Initiative.objects.filter(district=district).select_related("round", "group")
    return {
        "pending_groups": ResidentGroup.objects.filter(
            district=district, status=ResidentGroup.Status.PENDING
        ),
        "groups_waiting_for_info": ResidentGroup.objects.filter(
            district=district, status=ResidentGroup.Status.INFO_REQUESTED
        ),
        "initiatives_to_review": initiatives.filter(status=Status.SUBMITTED).order_by("updated_at"),
        "initiatives_for_alderman": initiatives.filter(status=Status.REVIEWED).order_by(
            "updated_at"
        ),
        "expenses_to_check": Expense.objects.filter(
            initiative__district=district, status=Expense.Status.SUBMITTED
        )
        .select_related("initiative", "budget_line")
        .order_by("created_at"),
    }


def groups_of(user):
    if not getattr(user, "is_authenticated", False):
        return ResidentGroup.objects.none()
    return ResidentGroup.objects.filter(
        memberships__user=user, memberships__accepted=True
    ).select_related("district")


def round_initiatives(budget_round: BudgetRound, user):
    """What the round page lists: everything handed in, plus the visitor's own group's drafts."""
    mine = Q(group__in=groups_of(user)) if getattr(user, "is_authenticated", False) else Q()
    visible = ~Q(status=Status.DRAFT)
    if mine:
        visible |= mine
    return with_costs(
        Initiative.objects.filter(visible, round=budget_round)
        .select_related("district", "group")
        .annotate(support_count=Count("supports"))
        .order_by("title")
    )
