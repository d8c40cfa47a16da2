"""Counting a round with the PB engine, storing the result, and the Pabulib export.

The initiatives on the ballot are snapshot (id, name, cost) in the stored result at the first
count, because recording the outcome moves them out of 'approved'; a recount and the open-data
export use the snapshot, so they see exactly the ballot the voters saw.
"""

from __future__ import annotations

from fractions import Fraction

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.audit.services import record
from meedoen.budgets.models import BudgetRound
from meedoen.pb import PBInstance, Project, count, dump_pb
from meedoen.pb.budget_division import independent_markets, mean_division, spread
from meedoen.pb.explain import json_number
from meedoen.voting.models import AnonymousBallot, PaperBallotEntry, RoundResult
from meedoen.voting.services import VotingError

Form = BudgetRound.BallotForm
VOTING_INDEX = BudgetRound.PHASE_ORDER.index(BudgetRound.Phase.VOTING)


def pabulib_rule(budget_round) -> str:
    """The rule as Pabulib's META names it (``greedy``, ``equalshares/add1``, ...)."""
    if budget_round.rule == BudgetRound.Rule.GREEDY:
        return "greedy"
    if budget_round.completion == BudgetRound.Completion.NONE:
        return "equalshares"
    return f"equalshares/{budget_round.completion}"


def engine_rule(budget_round) -> tuple[str, str]:
    if budget_round.rule == BudgetRound.Rule.GREEDY:
        return "greedy", "none"
    return "mes", budget_round.completion


def project_snapshot(budget_round) -> list[dict]:
    result = RoundResult.objects.filter(round=budget_round).first()
    if result is not None and "projects" in result.engine:
        return result.engine["projects"]
    if budget_round.ballot_form == Form.THEMES:
        return [{"id": str(t.pk), "name": t.name} for t in budget_round.themes.all()]
    from meedoen.budgets.selectors import initiatives_on_ballot

    initiatives = initiatives_on_ballot(budget_round).prefetch_related("budget_lines")
    return [
        {"id": str(i.pk), "name": i.title, "cost": str(i.total_cost)}
        for i in sorted(initiatives, key=lambda i: i.pk)
    ]


def counted_ballots(budget_round):
    # Ordered by the random UUID: the order says nothing about who voted when.
    return AnonymousBallot.objects.filter(round=budget_round).order_by("id")


def build_instance(budget_round, projects: list[dict] | None = None) -> PBInstance:
    """The round as a Pabulib instance: anonymous ballots, projects = initiatives."""
    projects = projects if projects is not None else project_snapshot(budget_round)
    known = {p["id"] for p in projects}
    cumulative = budget_round.ballot_form == Form.POINTS
    ballots = []
    for ballot in counted_ballots(budget_round):
        if cumulative:
            ballots.append({k: v for k, v in ballot.choices.items() if k in known and v})
        else:
            ballots.append([str(i) for i in ballot.choices if str(i) in known])
    meta = {
        "description": budget_round.title,
        "country": "Netherlands",
        "unit": "Deventer",
        "subunit": budget_round.district.name if budget_round.district else "",
        "instance": budget_round.slug,
        "language": "nl",
        "currency": "EUR",
        "date_begin": budget_round.voting_start.date().isoformat(),
        "date_end": budget_round.voting_end.date().isoformat(),
        "rule": pabulib_rule(budget_round),
    }
    if cumulative:
        meta["max_sum_points"] = str(budget_round.points_to_distribute or 0)
    elif budget_round.ballot_form == Form.APPROVAL and budget_round.max_choices:
        meta["max_length"] = str(budget_round.max_choices)
    if not meta["subunit"]:
        del meta["subunit"]
    return PBInstance.build(
        budget=str(budget_round.budget),
        projects=[Project(p["id"], str(p["cost"]), name=p["name"]) for p in projects],
        ballots=ballots,
        vote_type="cumulative" if cumulative else "approval",
        meta=meta,
    )


def export_pb(budget_round) -> str:
    return dump_pb(build_instance(budget_round))


def _fraction_json(values: dict) -> dict:
    return {k: json_number(Fraction(v)) for k, v in values.items()}


def _count_themes(budget_round, themes: list[dict]) -> dict:
    ids = [t["id"] for t in themes]
    budget = Fraction(str(budget_round.budget))
    divisions = [
        {tid: int(ballot.choices.get(tid, 0)) for tid in ids}
        for ballot in counted_ballots(budget_round)
    ]
    if not divisions:
        return {"kind": "themes", "projects": themes, "ballots": 0}
    spreads = spread(divisions, budget)
    return {
        "kind": "themes",
        "projects": themes,
        "ballots": len(divisions),
        "independent_markets": _fraction_json(independent_markets(divisions, budget)),
        "mean": _fraction_json(mean_division(divisions, budget)),
        "spread": {
            tid: {
                name: json_number(getattr(s, name))
                for name in ("minimum", "q1", "median", "q3", "maximum")
            }
            for tid, s in spreads.items()
        },
    }


def compute(budget_round, projects: list[dict]) -> dict:
    """The engine's outcome for the round as JSON (exact numbers as 'p/q' strings)."""
    if budget_round.ballot_form == Form.THEMES:
        return _count_themes(budget_round, projects)
    rule, completion = engine_rule(budget_round)
    result = count(build_instance(budget_round, projects), rule=rule, completion=completion)
    return {
        "kind": "pb",
        "projects": projects,
        "pabulib_rule": pabulib_rule(budget_round),
        "result": result.to_json_dict(),
    }


def count_round(budget_round, actor=None) -> RoundResult:
    """Counts the confirmed ballots of a round whose voting has closed, and stores the result.

    Counting again gives the same result (the count is deterministic and uses the snapshot).
    """
    with transaction.atomic():
        locked = BudgetRound.objects.select_for_update().get(pk=budget_round.pk)
        if locked.phase_index() <= VOTING_INDEX:
            raise VotingError(_("U kunt pas tellen als het stemmen gesloten is."))
        if PaperBallotEntry.objects.filter(
            round=locked, status=PaperBallotEntry.Status.PENDING
        ).exists():
            raise VotingError(
                _(
                    "Er zijn nog papieren stemmen die wachten op controle. Laat ze eerst "
                    "bevestigen of afwijzen."
                )
            )
        projects = project_snapshot(locked)
        engine = compute(locked, projects)
        ballots = AnonymousBallot.objects.filter(round=locked)
        online = ballots.filter(channel=AnonymousBallot.Channel.ONLINE).count()
        paper = ballots.filter(channel=AnonymousBallot.Channel.PAPER).count()
        result, created = RoundResult.objects.update_or_create(
            round=locked,
            defaults={
                "engine": engine,
                "counted_at": timezone.now(),
                "ballots_online": online,
                "ballots_paper": paper,
                "counted_by": actor if getattr(actor, "is_authenticated", False) else None,
            },
        )
        selected = [int(i) for i in engine.get("result", {}).get("selected", [])]
        if engine["kind"] == "pb":
            from meedoen.budgets.services import record_round_outcome

            record_round_outcome(locked, selected, actor)
        record(
            actor,
            "voting.counted",
            locked,
            changes={
                "rule": engine.get("pabulib_rule", "themes"),
                "selected": selected,
                "online": online,
                "paper": paper,
                "recount": not created,
            },
        )
        if not result.notified:
            from meedoen.voting.notifications import notify_results

            transaction.on_commit(lambda: notify_results(result.pk))
    return result


def close_and_count(budget_round, actor) -> RoundResult:
    """Ends voting (if still open) and counts: the administrator's 'close and count' button."""
    from meedoen.budgets.services import advance_phase

    with transaction.atomic():
        locked = BudgetRound.objects.select_for_update().get(pk=budget_round.pk)
        if locked.phase == BudgetRound.Phase.VOTING:
            advance_phase(locked, actor, expected_phase=BudgetRound.Phase.VOTING)
            record(actor, "voting.closed", locked)
        return count_round(locked, actor)
