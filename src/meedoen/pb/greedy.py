"""Utilitarian greedy: fund projects in order of votes (or score) while money lasts.

``skip=True`` is the usual rule (a project that no longer fits is passed over and cheaper
projects further down the list may still be funded); ``skip=False`` stops at the first project
that does not fit.  Like pabutools, every project that fits is funded, also one without votes:
the rule only orders projects, it has no threshold (use ``min_score`` for that).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np


@dataclass
class GreedyRun:
    selected: list[int] = field(default_factory=list)
    #: for each project considered and not funded: the budget left when it was considered
    did_not_fit: dict[int, Fraction] = field(default_factory=dict)
    #: project at which a no-skip run stopped (None if it did not stop early)
    stopped_at: int | None = None
    below_threshold: list[int] = field(default_factory=list)
    remaining: Fraction = Fraction(0)


def greedy(
    costs: list[Fraction],
    scores: list[Fraction],
    rank: np.ndarray,
    budget: Fraction,
    *,
    skip: bool = True,
    exclude: frozenset[int] | set[int] = frozenset(),
    min_score: Fraction | None = None,
) -> GreedyRun:
    """Greedy over all projects not in ``exclude`` with ``budget`` left to spend."""
    run = GreedyRun(remaining=Fraction(budget))
    order = sorted(
        (j for j in range(len(costs)) if j not in exclude), key=lambda j: (-scores[j], rank[j])
    )
    for pos, j in enumerate(order):
        if min_score is not None and scores[j] < min_score:
            run.below_threshold.append(j)
            continue
        if costs[j] <= run.remaining:
            run.selected.append(j)
            run.remaining -= costs[j]
        elif skip:
            run.did_not_fit[j] = run.remaining
        else:
            run.did_not_fit[j] = run.remaining
            run.stopped_at = j
            for k in order[pos + 1 :]:
                if min_score is not None and scores[k] < min_score:
                    run.below_threshold.append(k)
            break
    return run
