"""``count()``: run a rule on an instance and explain the outcome.

Rules:

``greedy``            utilitarian greedy by votes/score, skipping projects that do not fit
``greedy-no-skip``    greedy that stops at the first project that does not fit
``greedy-threshold``  greedy over projects with at least ``min_project_score_threshold`` votes
``mes``               Method of Equal Shares (cost utilities for approval ballots, points for
                      cumulative/scoring/ordinal ballots), with ``completion``:
                      ``none``; ``greedy`` (greedy over the rest with the money left);
                      ``add1`` (raise the virtual budget by one unit per voter while the MES
                      outcome stays within the real budget, keep the last outcome that did,
                      then complete greedily).  ``comparison=True`` then compares the result
                      with plain greedy: if more voters prefer greedy's outcome (by the total
                      cost of, or points for, the funded projects they voted for) than prefer
                      the MES outcome, greedy's outcome is taken.

``add1`` follows pabutools' ``exhaustion_by_budget_increase(..., budget_step=n_voters,
exhaustive_stop=False)``, the variant that reproduces Assen 2024 and Wieliczka 2023.  It stops
early when the outcome already funds every project anyone voted for (more money cannot add to
it); the step-by-step definition would return the same outcome.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import numpy as np

from .explain import CountResult, ProjectOutcome
from .greedy import GreedyRun, greedy
from .instance import APPROVAL_TYPES, PBInstance
from .mes import ApprovalData, mes_approval, mes_selection_screen
from .mes_exact import MESRun, grouped_profile, mes_exact
from .tiebreak import tie_ranks

RULES = ("greedy", "greedy-no-skip", "greedy-threshold", "mes")
COMPLETIONS = ("none", "greedy", "add1")

META_RULES: dict[str, tuple[str, str, bool]] = {
    "greedy": ("greedy", "none", False),
    "greedy-no-skip": ("greedy-no-skip", "none", False),
    "greedy-threshold": ("greedy-threshold", "none", False),
    "equalshares": ("mes", "none", False),
    "equalshares/greedy": ("mes", "greedy", False),
    "equalshares/add1": ("mes", "add1", False),
    "equalshares/add1-comparison": ("mes", "add1", True),
    "equalshares-comparison": ("mes", "none", True),
}


def rule_from_meta(instance: PBInstance) -> tuple[str, str, bool]:
    """(rule, completion, comparison) named by the file's ``rule`` META entry."""
    name = instance.meta.get("rule", "").strip()
    if name not in META_RULES:
        raise ValueError(f"the file's rule {name!r} is not implemented; choose a rule")
    return META_RULES[name]


class _FastApprovalRunner:
    """``run(total)`` for approval ballots on the fast path; ``run(total, available=False)``
    skips the per-project ``available`` amounts.  ``selection(total, stop_above)`` gives only
    the projects bought (exactly), from the float screen when it can decide every step."""

    def __init__(self, data: ApprovalData) -> None:
        self.data = data

    def __call__(
        self, total: Fraction, available: bool = True, stop_above: Fraction | None = None
    ) -> MESRun:
        return mes_approval(self.data, total, available=available, stop_above=stop_above)

    def selection(self, total: Fraction, stop_above: Fraction | None = None) -> list[int]:
        sel = mes_selection_screen(self.data, total, stop_above)
        if sel is None:  # some decision too close for floats: the exact path decides
            sel = mes_approval(self.data, total, available=False, stop_above=stop_above).selected
        return sel


def _mes_runner(
    instance: PBInstance, rank: np.ndarray, method: str
) -> Callable[[Fraction], MESRun]:
    approval = instance.vote_type in APPROVAL_TYPES
    if approval and method == "fast":
        return _FastApprovalRunner(ApprovalData.from_instance(instance, rank))
    profile = grouped_profile(instance)
    return lambda total: mes_exact(profile, total, rank, cost_utilities=approval)


def add1(
    run_mes: Callable[[Fraction], MESRun],
    budget: Fraction,
    n_voters: int,
    costs: list[Fraction],
    n_candidates: int,
) -> tuple[MESRun, int]:
    """add1: the MES run at total budget ``budget + k * n_voters`` for the last ``k`` whose
    outcome costs at most ``budget`` (and the number of steps ``k``), exactly as
    :func:`add1_stepwise` defines it.  With the fast approval runner the intermediate steps
    only need the selection: it comes from :func:`meedoen.pb.mes.mes_selection_screen`
    (floats with rigorous error bounds; the exact path whenever a decision is too close), a
    step stops as soon as its purchases overshoot the budget (its selection only grows from
    there), and only the returned run is computed in full."""
    if n_voters == 0 or not isinstance(run_mes, _FastApprovalRunner):
        return add1_stepwise(run_mes, budget, n_voters, costs, n_candidates)
    # the costs as plain ints when all are whole (much faster sums than Fractions)
    cost = [c.numerator for c in costs] if all(c.denominator == 1 for c in costs) else costs
    prev = run_mes.selection(budget)
    k = 0
    while len(prev) < n_candidates:
        nxt = run_mes.selection(budget + (k + 1) * n_voters, stop_above=budget)
        if sum(cost[j] for j in nxt) > budget:
            break
        prev, k = nxt, k + 1
    return run_mes(budget + k * n_voters), k


def add1_stepwise(
    run_mes: Callable[[Fraction], MESRun],
    budget: Fraction,
    n_voters: int,
    costs: list[Fraction],
    n_candidates: int,
) -> tuple[MESRun, int]:
    """Step-by-step add1 (the definition): the MES run at total budget
    ``budget + k * n_voters`` for the last ``k`` whose outcome costs at most ``budget`` (and the
    number of steps ``k``)."""
    prev = run_mes(budget)
    k = 0
    if n_voters == 0:
        return prev, 0
    while len(prev.purchases) < n_candidates:
        nxt = run_mes(budget + (k + 1) * n_voters)
        if sum(costs[p.project] for p in nxt.purchases) > budget:
            break
        prev, k = nxt, k + 1
    return prev, k


def _satisfaction(instance: PBInstance, chosen: set[int]) -> np.ndarray:
    """Per voter: total cost (approval) or points (cardinal) of the funded projects they
    voted for; exact (Python ints or Fractions in an object array)."""
    n = instance.n_voters
    sel = np.zeros(instance.n_projects, dtype=bool)
    sel[list(chosen)] = True
    hit = sel[instance.indices]
    voters = instance.voter_of_entry()[hit]
    if instance.vote_type in APPROVAL_TYPES:
        vals = [instance.costs[j] for j in instance.indices[hit].tolist()]
    else:
        vals = [Fraction(x) for x in instance.utility_points()[hit].tolist()]
    if all(v.denominator == 1 for v in vals):
        out = np.zeros(n, dtype=object)
        ints = np.array([int(v) for v in vals], dtype=object)
        for i, v in zip(voters.tolist(), ints.tolist(), strict=True):
            out[i] += v
        return out
    out = np.array([Fraction(0)] * n, dtype=object)
    for i, v in zip(voters.tolist(), vals, strict=True):
        out[i] += v
    return out


def count(
    instance: PBInstance,
    rule: str | None = "mes",
    completion: str = "add1",
    comparison: bool = False,
    tie_break: str = "id",
    seed: int | None = None,
    *,
    method: str = "fast",
) -> CountResult:
    """Count a vote.  ``rule=None`` takes the rule named in the file's META.  ``method`` is
    ``"fast"`` (default; exact results) or ``"exact"`` (the plain Fraction reference)."""
    if rule is None:
        rule, completion, comparison = rule_from_meta(instance)
    if rule not in RULES:
        raise ValueError(f"rule must be one of {RULES}, not {rule!r}")
    if completion not in COMPLETIONS:
        raise ValueError(f"completion must be one of {COMPLETIONS}, not {completion!r}")
    if method not in ("fast", "exact"):
        raise ValueError("method must be 'fast' or 'exact'")
    ids = instance.project_ids
    rank = tie_ranks(ids, tie_break, seed)
    costs = instance.costs
    scores = instance.scores()
    budget = instance.budget
    supporters = instance.approval_counts()
    details: dict = {}
    phases: list[tuple[int, str]] = []  # (project, phase) in selection order
    mes_run: MESRun | None = None
    completion_run: GreedyRun | None = None
    greedy_run: GreedyRun | None = None
    threshold = None

    if rule.startswith("greedy"):
        if rule == "greedy-threshold":
            raw = instance.meta.get("min_project_score_threshold")
            if raw is None:
                raise ValueError("greedy-threshold needs min_project_score_threshold in META")
            threshold = Fraction(raw)
        greedy_run = greedy(
            costs, scores, rank, budget, skip=rule != "greedy-no-skip", min_score=threshold
        )
        phases = [(j, "greedy") for j in greedy_run.selected]
        name = rule
    else:
        name = "mes" if completion == "none" else f"mes/{completion}"
        run_mes = _mes_runner(instance, rank, method)
        if completion == "add1":
            if instance.vote_type in APPROVAL_TYPES:
                n_candidates = sum(1 for j in range(len(ids)) if supporters[j] and costs[j] > 0)
            else:
                n_candidates = sum(1 for j in range(len(ids)) if scores[j] > 0)
            mes_run, steps = add1(run_mes, budget, instance.n_voters, costs, n_candidates)
            details["add1_steps"] = steps
        else:
            mes_run = run_mes(budget)
        details["budget_per_voter"] = mes_run.budget_per_voter
        details["exact_fallback"] = mes_run.exact_fallback
        phases = [(p.project, "mes") for p in mes_run.purchases]
        if completion in ("greedy", "add1"):
            spent = sum((costs[j] for j, _ in phases), Fraction(0))
            completion_run = greedy(
                costs, scores, rank, budget - spent, exclude={j for j, _ in phases}
            )
            phases += [(j, "completion") for j in completion_run.selected]
        if comparison:
            name += "-comparison"
            greedy_run = greedy(costs, scores, rank, budget)
            sat_m = _satisfaction(instance, {j for j, _ in phases})
            sat_g = _satisfaction(instance, set(greedy_run.selected))
            prefer_g = int(sum(1 for a, b in zip(sat_g, sat_m, strict=True) if a > b))
            prefer_m = int(sum(1 for a, b in zip(sat_g, sat_m, strict=True) if b > a))
            chosen = "greedy" if prefer_g > prefer_m else "mes"
            details["comparison"] = {
                "prefer_mes": prefer_m,
                "prefer_greedy": prefer_g,
                "chosen": chosen,
            }
            if chosen == "greedy":
                phases = [(j, "greedy") for j in greedy_run.selected]
            else:
                greedy_run = None

    selected_ids = [ids[j] for j, _ in phases]
    budget_used = sum((costs[j] for j, _ in phases), Fraction(0))
    if budget_used > budget:  # a broken invariant must never publish a result
        raise AssertionError("selection exceeds the budget")
    purchase = {p.project: p for p in mes_run.purchases} if mes_run else {}
    where = {j: (r, ph) for r, (j, ph) in enumerate(phases, 1)}
    outcomes: dict[str, ProjectOutcome] = {}
    for j, p in enumerate(instance.projects):
        sup = int(supporters[j])
        o = ProjectOutcome(
            project_id=p.id,
            name=p.name,
            cost=p.cost,
            votes=scores[j],
            supporters=sup,
            selected=j in where,
            cost_per_supporter=(p.cost / sup) if sup else None,
        )
        if j in purchase and where.get(j, (0, ""))[1] == "mes":
            pu = purchase[j]
            o.effective_votes = pu.effective_votes
            o.price = pu.rho
            o.max_payment = pu.price
        if j in where:
            o.round, o.phase = where[j]
            o.reason = "selected"
        else:
            o.reason, o.reason_data = _rejection(
                j, sup, scores[j], costs[j], threshold, mes_run, completion_run, greedy_run, ids
            )
        outcomes[p.id] = o
    return CountResult(
        rule=name,
        selected=selected_ids,
        budget=budget,
        budget_used=budget_used,
        projects=outcomes,
        tie_break=tie_break,
        seed=seed,
        details=details,
    )


def _rejection(j, sup, score, cost, threshold, mes_run, completion_run, greedy_run, ids):
    if sup == 0 and score == 0:
        return "no_votes", {}
    if greedy_run is not None:  # the final outcome is a greedy one
        if j in greedy_run.below_threshold:
            return "below_threshold", {"threshold": threshold, "votes": score}
        if j in greedy_run.did_not_fit:
            rem = greedy_run.did_not_fit[j]
            return "did_not_fit", {"remaining_budget": rem, "shortfall": cost - rem}
        if greedy_run.stopped_at is not None:
            return "greedy_stopped", {"stopped_at": ids[greedy_run.stopped_at]}
        return "not_reached", {}
    data: dict = {}
    if mes_run is not None and j in mes_run.available:
        a = mes_run.available[j]
        data = {"available": a, "shortfall": cost - a}
    if completion_run is not None and j in completion_run.did_not_fit:
        rem = completion_run.did_not_fit[j]
        out = {"remaining_budget": rem, "shortfall": cost - rem}
        if data:
            out["mes_available"] = data["available"]
            out["mes_shortfall"] = data["shortfall"]
        return "did_not_fit", out
    if data:
        return "supporters_short", data
    return "not_reached", {}
