"""The Method of Equal Shares in exact rational arithmetic: the reference implementation.

Every voter starts with an equal share of the (virtual) budget.  In each round, for every
project whose supporters can still afford it, we compute the smallest price ``rho`` per unit
of utility such that the supporters, each paying ``min(budget_i, rho * u_ic)``, cover the
cost.  The project with the smallest ``rho`` is bought (ties: lowest tie rank), its supporters
pay, and the next round starts; MES stops when no project is affordable.  With cost utilities
(pabutools' ``Cost_Sat``, approval ballots) ``u_ic = cost_c``; with cardinal ballots
``u_ic`` is the number of points.

Voters with identical ballots always have identical budgets, so they are counted once with a
weight.  This module uses :class:`fractions.Fraction` throughout and is the yardstick the fast
path (:mod:`meedoen.pb.mes`) is tested against; it is also the production path for cardinal
ballots, which are small in practice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from .instance import APPROVAL_TYPES, PBInstance


@dataclass
class MESPurchase:
    project: int
    rho: Fraction  # price per unit of utility
    price: Fraction  # the most any single supporter paid (rho * max utility, capped)
    effective_votes: Fraction  # 1/rho in units of one supporter (cost utilities) or points


@dataclass
class MESRun:
    purchases: list[MESPurchase] = field(default_factory=list)
    #: money the supporters of each unselected project still had when MES stopped
    available: dict[int, Fraction] = field(default_factory=dict)
    budget_per_voter: Fraction = Fraction(0)
    exact_fallback: bool = False

    @property
    def selected(self) -> list[int]:
        return [p.project for p in self.purchases]


@dataclass
class GroupedProfile:
    """Distinct ballots with multiplicities; ``utils[g]`` maps project -> utility."""

    weights: list[int]
    utils: list[dict[int, Fraction]]
    costs: list[Fraction]
    n_voters: int


def grouped_profile(instance: PBInstance) -> GroupedProfile:
    """Group identical ballots; utilities are cost (approval) or points (cardinal/ordinal)."""
    costs = instance.costs
    approval = instance.vote_type in APPROVAL_TYPES
    pts = None if approval else instance.utility_points().tolist()
    ip = instance.indptr.tolist()
    idx = instance.indices.tolist()
    groups: dict[tuple, int] = {}
    for i in range(instance.n_voters):
        lo, hi = ip[i], ip[i + 1]
        if approval:
            key = tuple(sorted(idx[lo:hi]))
        else:
            key = tuple(
                sorted((j, Fraction(x)) for j, x in zip(idx[lo:hi], pts[lo:hi], strict=True) if x)
            )
        groups[key] = groups.get(key, 0) + 1
    weights, utils = [], []
    for key, w in groups.items():
        weights.append(w)
        if approval:
            # cost utilities: a free project gives zero utility, so MES never buys it (as in
            # pabutools' Cost_Sat); a completion step funds it.
            utils.append({j: costs[j] for j in key if costs[j] > 0})
        else:
            utils.append(dict(key))
    return GroupedProfile(weights, utils, costs, instance.n_voters)


def mes_exact(
    profile: GroupedProfile,
    total_budget: Fraction,
    rank: np.ndarray,
    *,
    cost_utilities: bool,
) -> MESRun:
    """Run MES with ``total_budget`` shared equally by all voters (also voters with empty
    ballots get a share, as in pabutools)."""
    n = profile.n_voters
    run = MESRun(budget_per_voter=Fraction(total_budget) / n if n else Fraction(0))
    if n == 0:
        return run
    costs = profile.costs
    budget = [run.budget_per_voter] * len(profile.weights)
    supporters: dict[int, list[int]] = {}
    for g, u in enumerate(profile.utils):
        for j, x in u.items():
            if x > 0:
                supporters.setdefault(j, []).append(g)
    # Free projects with supporters are funded first, in tie order (pabutools funds them
    # before the first round too).
    for j in sorted((j for j in supporters if costs[j] == 0), key=lambda j: rank[j]):
        run.purchases.append(MESPurchase(j, Fraction(0), Fraction(0), Fraction(0)))
    remaining = {j for j in supporters if costs[j] > 0}
    w = profile.weights
    utils = profile.utils
    # lower bounds on rho from previous rounds (rho never decreases as budgets only shrink)
    stale: dict[int, Fraction] = {j: Fraction(0) for j in remaining}
    while remaining:
        best: tuple[Fraction, int] | None = None
        for j in sorted(remaining, key=lambda j: (stale[j], rank[j])):
            if best is not None and (stale[j], rank[j]) > best:
                break
            sup = supporters[j]
            cost = costs[j]
            avail = sum(w[g] * budget[g] for g in sup)
            if avail < cost:
                remaining.discard(j)
                run.available[j] = avail
                continue
            order = sorted(sup, key=lambda g: budget[g] / utils[g][j])
            paid = Fraction(0)
            denom = sum(w[g] * utils[g][j] for g in sup)
            rho = None
            for g in order:
                r = (cost - paid) / denom
                if r * utils[g][j] <= budget[g]:
                    rho = r
                    break
                paid += w[g] * budget[g]
                denom -= w[g] * utils[g][j]
            assert rho is not None
            stale[j] = rho
            if best is None or (rho, rank[j]) < best:
                best = (rho, rank[j])
                best_j = j
        if best is None:
            break
        rho, j = best[0], best_j
        price = Fraction(0)
        for g in supporters[j]:
            pay = min(budget[g], rho * utils[g][j])
            price = max(price, pay)
            budget[g] -= pay
        eff = (1 / rho) if cost_utilities else costs[j] / rho
        run.purchases.append(MESPurchase(j, rho, price, eff))
        remaining.discard(j)
        del stale[j]
    for j, sup in supporters.items():
        if costs[j] > 0 and j not in {p.project for p in run.purchases}:
            run.available[j] = sum(w[g] * budget[g] for g in sup)
    return run
