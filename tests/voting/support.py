"""Rounds with initiatives on the ballot, for the voting tests."""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from meedoen.budgets.models import BudgetLine, BudgetRound, Initiative, Theme
from tests.factories import district

_slugs = itertools.count(1)


def make_round(
    form: str = "approval",
    *,
    costs=(60, 50, 40),
    budget=120,
    district_number: str | None = "06",
    phase: str = BudgetRound.Phase.VOTING,
    max_choices: int | None = 3,
    points: int | None = 10,
    rule: str = "mes",
    completion: str = "none",
    themes=("Groen", "Spelen", "Ontmoeten"),
    minimum_age: int = 16,
):
    now = timezone.now()
    home = district(district_number) if district_number else None
    n = next(_slugs)
    budget_round = BudgetRound.objects.create(
        kind="meedoenbudget" if home else "burgerbegroting",
        district=home,
        title=f"Meedoenbudget test {n}",
        slug=f"ronde-{n}-{form}",
        budget=Decimal(budget),
        phase=phase,
        ideas_start=now - timedelta(days=60),
        review_start=now - timedelta(days=40),
        voting_start=now - timedelta(days=5),
        voting_end=now + timedelta(days=5),
        execution_start=now + timedelta(days=60),
        move_phases_automatically=False,
        minimum_age=minimum_age,
        ballot_form=form,
        max_choices=max_choices,
        points_to_distribute=points,
        rule=rule,
        completion=completion,
    )
    if form == "themes":
        for position, name in enumerate(themes):
            Theme.objects.create(round=budget_round, name=name, position=position)
        return budget_round, list(budget_round.themes.all())
    initiatives = []
    for k, cost in enumerate(costs, 1):
        initiative = Initiative.objects.create(
            round=budget_round,
            district=home or district("01"),
            title=f"Plan {k}",
            summary=f"Samenvatting van plan {k}",
            description="Uitleg",
            status=Initiative.Status.APPROVED,
        )
        BudgetLine.objects.create(initiative=initiative, description="Kosten", amount=Decimal(cost))
        initiatives.append(initiative)
    return budget_round, initiatives


def ids(initiatives, *positions):
    """Initiative ids by 1-based position: ids(plans, 1, 3)."""
    return [initiatives[p - 1].pk for p in positions]
