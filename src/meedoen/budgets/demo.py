"""Demo data of the budgets context: rounds, groups and initiatives in Deventer (idempotent).

- Keizerslanden (06): a finished round in EXECUTION. The outcome is recorded here through
  ``record_round_outcome`` (two plans selected, one not), so the progress and spending below
  belong to selected plans; the voting demo may count again and correct the statuses.
- Rivierenwijk en Bergweide (07): a round in VOTING with approved plans on the ballot.
- Binnenstad (01): a round in IDEAS with submitted ideas, comments and support.
- The whole city: a burgerbegroting in VOTING, dividing the budget over five themes.
Every object is looked up by a natural key first, so running twice changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from meedoen.budgets.models import (
    BudgetLine,
    BudgetRound,
    Comment,
    Expense,
    Goal,
    GroupMembership,
    Initiative,
    ProgressUpdate,
    ResidentGroup,
    StatusChange,
    Support,
    Theme,
)
from meedoen.districts.models import District

TZ = ZoneInfo("Europe/Amsterdam")
Status = Initiative.Status
Phase = BudgetRound.Phase


def _at(y, m, d):
    return datetime(y, m, d, 9, 0, tzinfo=TZ)


ROUNDS = [
    dict(
        slug="meedoenbudget-keizerslanden-2026",
        title="Meedoenbudget Keizerslanden 2026",
        number="06",
        budget="30000",
        phase=Phase.EXECUTION,
        dates=(
            _at(2026, 1, 5),
            _at(2026, 3, 2),
            _at(2026, 4, 6),
            _at(2026, 4, 27),
            _at(2026, 5, 11),
        ),
        ballot_form=BudgetRound.BallotForm.APPROVAL,
        max_choices=3,
        minimum_age=12,
    ),
    dict(
        slug="meedoenbudget-rivierenwijk-2027",
        title="Meedoenbudget Rivierenwijk en Bergweide 2027",
        number="07",
        budget="25000",
        phase=Phase.VOTING,
        dates=(
            _at(2026, 9, 1),
            _at(2026, 10, 15),
            _at(2026, 11, 16),
            _at(2027, 1, 10),
            _at(2027, 2, 1),
        ),
        ballot_form=BudgetRound.BallotForm.KNAPSACK,
        max_choices=None,
        minimum_age=16,
    ),
    dict(
        slug="meedoenbudget-binnenstad-2027",
        title="Meedoenbudget Binnenstad 2027",
        number="01",
        budget="20000",
        phase=Phase.IDEAS,
        dates=(
            _at(2026, 11, 1),
            _at(2027, 1, 15),
            _at(2027, 2, 15),
            _at(2027, 3, 8),
            _at(2027, 4, 1),
        ),
        ballot_form=BudgetRound.BallotForm.POINTS,
        max_choices=None,
        minimum_age=16,
        points=10,
    ),
    dict(
        slug="burgerbegroting-deventer-2027",
        title="Burgerbegroting Deventer 2027",
        number=None,
        budget="500000",
        phase=Phase.VOTING,
        dates=(
            _at(2026, 9, 1),
            _at(2026, 10, 1),
            _at(2026, 11, 9),
            _at(2027, 1, 10),
            _at(2027, 3, 1),
        ),
        ballot_form=BudgetRound.BallotForm.THEMES,
        max_choices=None,
        minimum_age=16,
    ),
]

THEMES = [
    ("Wonen", "Betaalbare woningen en een fijne woonomgeving."),
    ("Welzijn", "Ontmoeting, hulp in de buurt en minder eenzaamheid."),
    ("Sport", "Bewegen, sportclubs en sportvelden."),
    ("Cultuur", "Muziek, theater, bibliotheek en erfgoed."),
    ("Zorg", "Zorg dichtbij en mantelzorgers ondersteunen."),
]

# (round slug, district, group, founder BSN, plans: (title, summary, status, lines, areas))
GROUPS = [
    (
        "meedoenbudget-keizerslanden-2026",
        "06",
        "Buurtteam Keizerslanden",
        "999990093",
        [
            (
                "Moestuin De Vijfhoek",
                "Een moestuin voor kinderen en ouderen.",
                Status.SELECTED,
                [("Grond en plantenbakken", "2400"), ("Gereedschap", "600")],
                ["sociaal", "gezondheid"],
            ),
            (
                "Speeltuin Zwolseweg opknappen",
                "Nieuwe speeltoestellen en bankjes.",
                Status.SELECTED,
                [("Speeltoestel", "9000"), ("Bankjes", "1800")],
                ["wonen"],
            ),
            (
                "Buurtbus naar de markt",
                "Een busje voor ouderen naar de markt.",
                Status.NOT_SELECTED,
                [("Huur busje", "14000"), ("Vrijwilligers", "2500")],
                ["samenleving"],
            ),
        ],
    ),
    (
        "meedoenbudget-rivierenwijk-2027",
        "07",
        "Bewoners Rivierenwijk Samen",
        "999990020",
        [
            (
                "Buurtkamer aan de IJssel",
                "Een huiskamer voor iedereen in de wijk.",
                Status.APPROVED,
                [("Huur ruimte", "6000"), ("Inrichting", "3000")],
                ["sociaal"],
            ),
            (
                "Taalcafé",
                "Elke week samen Nederlands oefenen.",
                Status.APPROVED,
                [("Materiaal", "800"), ("Koffie en thee", "700")],
                ["werk", "sociaal"],
            ),
            (
                "Groene schoolpleinen",
                "Meer groen en schaduw op twee schoolpleinen.",
                Status.APPROVED,
                [("Bomen en planten", "11000"), ("Aanleg", "5000")],
                ["wonen", "gezondheid"],
            ),
            (
                "Voedselbank-kast",
                "Een weggeefkast voor eten.",
                Status.REJECTED,
                [("Kast", "1200")],
                ["financien"],
            ),
        ],
    ),
    (
        "meedoenbudget-binnenstad-2027",
        "01",
        "Binnenstad Bruist",
        "999990007",
        [
            (
                "Bankjes op de Brink",
                "Meer plekken om te zitten in de binnenstad.",
                Status.SUBMITTED,
                [("Vijf bankjes", "7500")],
                ["wonen", "sociaal"],
            ),
            (
                "Straatmuziek op zondag",
                "Gratis muziek in de zomer.",
                Status.SUBMITTED,
                [("Muzikanten", "4000"), ("Geluid", "1000")],
                ["samenleving"],
            ),
        ],
    ),
]


def _round(spec) -> tuple[BudgetRound, bool]:
    ideas, review, voting, voting_end, execution = spec["dates"]
    district = District.objects.get(number=spec["number"]) if spec["number"] else None
    return BudgetRound.objects.get_or_create(
        slug=spec["slug"],
        defaults=dict(
            kind=BudgetRound.Kind.MEEDOENBUDGET if district else BudgetRound.Kind.BURGERBEGROTING,
            district=district,
            title=spec["title"],
            description="Bewoners beslissen samen over dit geld.",
            budget=Decimal(spec["budget"]),
            phase=spec["phase"],
            ideas_start=ideas,
            review_start=review,
            voting_start=voting,
            voting_end=voting_end,
            execution_start=execution,
            move_phases_automatically=False,
            minimum_age=spec["minimum_age"],
            ballot_form=spec["ballot_form"],
            max_choices=spec["max_choices"],
            points_to_distribute=spec.get("points"),
        ),
    )


def _timeline(initiative, statuses, at):
    previous = ""
    labels = {
        Status.DRAFT: "bewonersgroep",
        Status.SUBMITTED: "bewonersgroep",
        Status.REVIEWED: "wijkmanager",
        Status.APPROVED: "wijkwethouder",
        Status.REJECTED: "wijkmanager",
    }
    for status in statuses:
        StatusChange.objects.create(
            initiative=initiative,
            at=at,
            actor_label=labels[status],
            from_status=previous,
            to_status=status,
            note="Dit past niet binnen de regels van het Meedoenbudget."
            if status == Status.REJECTED
            else "",
        )
        previous = status


PATHS = {
    Status.SUBMITTED: [Status.DRAFT, Status.SUBMITTED],
    Status.REJECTED: [Status.DRAFT, Status.SUBMITTED, Status.REJECTED],
    Status.APPROVED: [Status.DRAFT, Status.SUBMITTED, Status.REVIEWED, Status.APPROVED],
}


@transaction.atomic
def load(stdout) -> None:
    from meedoen.accounts.services import resident_for_bsn
    from meedoen.budgets.services import record_round_outcome

    rounds = {}
    for spec in ROUNDS:
        rounds[spec["slug"]], created = _round(spec)
        if created:
            stdout.write(f"budgets: round {spec['title']}")
    city = rounds["burgerbegroting-deventer-2027"]
    for position, (name, description) in enumerate(THEMES):
        Theme.objects.get_or_create(
            round=city, name=name, defaults={"description": description, "position": position}
        )

    for slug, number, name, bsn, plans in GROUPS:
        budget_round = rounds[slug]
        district = District.objects.get(number=number)
        founder = resident_for_bsn(bsn)
        group, _created = ResidentGroup.objects.get_or_create(
            district=district,
            name=name,
            defaults={
                "status": ResidentGroup.Status.CONFIRMED,
                "description": "Samen maken we de wijk mooier.",
            },
        )
        GroupMembership.objects.get_or_create(
            group=group,
            user=founder,
            defaults={"accepted": True, "display_name": "Initiatiefnemer"},
        )
        selected = []
        for title, summary, status, lines, areas in plans:
            if Initiative.objects.filter(round=budget_round, title=title).exists():
                continue
            on_ballot = status in (Status.SELECTED, Status.NOT_SELECTED)
            initiative = Initiative.objects.create(
                round=budget_round,
                group=group,
                district=district,
                title=title,
                summary=summary,
                description=f"{summary} Wij doen dit samen met de buren.",
                status=Status.APPROVED if on_ballot else status,
                location_name=district.name,
                contact_name="Initiatiefnemer",
                contact_email="groep@example.org",
                wheel_areas=areas,
            )
            for description, amount in lines:
                BudgetLine.objects.create(
                    initiative=initiative, description=description, amount=Decimal(amount)
                )
            Goal.objects.create(
                initiative=initiative,
                what=summary,
                for_whom="bewoners van " + district.name,
                by_when=date(budget_round.execution_start.year, 12, 1),
            )
            _timeline(
                initiative,
                PATHS[Status.APPROVED if on_ballot else status],
                budget_round.review_start,
            )
            if status == Status.SELECTED:
                selected.append(initiative.pk)
            if budget_round.phase == Phase.IDEAS:
                comment = Comment.objects.create(
                    initiative=initiative, author=founder, text="Goed plan, ik help mee!"
                )
                Support.objects.get_or_create(initiative=initiative, user=founder)
                stdout.write(f"budgets: idea {title} with comment {comment.pk}")
        if selected:
            # The round is past voting; record the outcome, then restore its execution phase.
            phase = budget_round.phase
            record_round_outcome(budget_round, selected, None)
            BudgetRound.objects.filter(pk=budget_round.pk).update(phase=phase)
            _execution(Initiative.objects.filter(pk__in=selected))


def _execution(initiatives) -> None:
    from django.core.files.base import ContentFile

    for percent, initiative in zip((60, 25), initiatives, strict=False):
        ProgressUpdate.objects.create(
            initiative=initiative,
            text="We zijn begonnen. De eerste spullen zijn gekocht.",
            percent_done=percent,
        )
        line = initiative.budget_lines.first()
        expense = Expense(
            initiative=initiative,
            budget_line=line,
            description="Eerste aankoop: " + line.description.lower(),
            amount=(line.amount / 2).quantize(Decimal("0.01")),
            status=Expense.Status.APPROVED,
        )
        expense.receipt.save("bon.pdf", ContentFile(b"%PDF-1.4 demo receipt"), save=False)
        expense.save()
