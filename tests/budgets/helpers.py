"""Builders for budget tests: rounds in a phase, confirmed groups, initiatives in a status."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from meedoen.budgets.models import (
    BudgetLine,
    BudgetRound,
    Expense,
    Goal,
    GroupMembership,
    Initiative,
    ResidentGroup,
)
from tests.factories import ResidentFactory, district

_counter = iter(range(1, 10**6))


def make_round(phase=BudgetRound.Phase.IDEAS, number="06", **fields) -> BudgetRound:
    now = timezone.now()
    n = next(_counter)
    defaults = dict(
        kind=BudgetRound.Kind.MEEDOENBUDGET,
        district=district(number) if number else None,
        title=f"Meedoenbudget test {n}",
        slug=f"ronde-test-{n}",
        budget=Decimal("20000"),
        phase=phase,
        ideas_start=now - timedelta(days=10),
        review_start=now + timedelta(days=20),
        voting_start=now + timedelta(days=40),
        voting_end=now + timedelta(days=50),
        execution_start=now + timedelta(days=60),
        ballot_form=BudgetRound.BallotForm.APPROVAL,
        max_choices=3,
        move_phases_automatically=False,
    )
    defaults.update(fields)
    return BudgetRound.objects.create(**defaults)


def make_group(number="06", members=1, status=ResidentGroup.Status.CONFIRMED, **fields):
    group = ResidentGroup.objects.create(
        district=district(number), name=fields.pop("name", "Buurtgroep"), status=status, **fields
    )
    users = []
    for i in range(members):
        user = ResidentFactory(email=f"lid{i}-{group.pk}@example.org")
        GroupMembership.objects.create(
            group=group, user=user, accepted=True, display_name=f"Lid {i}"
        )
        users.append(user)
    group.members_for_test = users
    return group


def make_initiative(budget_round, group, status=Initiative.Status.DRAFT, cost=("1500",), **f):
    initiative = Initiative.objects.create(
        round=budget_round,
        group=group,
        district=group.district,
        title=f.pop("title", "Moestuin bij de school"),
        summary="Een moestuin voor kinderen en ouderen.",
        description="We maken samen een moestuin.",
        status=status,
        contact_name="Lid 0",
        contact_email="contact@example.org",
        **f,
    )
    for i, amount in enumerate(cost):
        BudgetLine.objects.create(
            initiative=initiative, description=f"Kostenpost {i}", amount=Decimal(amount)
        )
    Goal.objects.create(
        initiative=initiative,
        what="Er is een moestuin",
        for_whom="kinderen en ouderen",
        by_when=date.today() + timedelta(days=200),
    )
    return initiative


def make_expense(initiative, amount="100", status=Expense.Status.SUBMITTED):
    from django.core.files.base import ContentFile

    line = initiative.budget_lines.first()
    expense = Expense(
        initiative=initiative,
        budget_line=line,
        description="Zaden",
        amount=Decimal(amount),
        status=status,
    )
    expense.receipt.save("bon.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    expense.save()
    return expense
