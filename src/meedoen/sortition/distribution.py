"""A probability distribution over panels, and how to compute one.

A :class:`Distribution` is stored compactly as panels over *classes* of interchangeable
people (see :mod:`.quotas`): a class panel says how many members each class has, and
within a class the members are chosen uniformly.  ``panels`` / ``weights`` expand this into
explicit panels of people (exact, by systematic sampling within classes; see
:func:`expand`), which can be large, so they are computed only when asked for.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

import numpy as np

from .errors import SortitionInputError
from .model import Quota, Respondent, gini
from .quotas import Instance, compile_instance

LEGACY_SAMPLES = 10_000


@dataclass
class Distribution:
    inst: Instance = field(repr=False)
    algorithm: str
    class_panels: np.ndarray = field(repr=False)  # v x m counts
    class_weights: np.ndarray = field(repr=False)  # v, sums to 1
    seconds: float = 0.0
    samples: int | None = None  # legacy: number of sampled panels

    @cached_property
    def class_probabilities(self) -> np.ndarray:
        return (self.class_weights @ self.class_panels) / self.inst.class_size

    @cached_property
    def probabilities(self) -> dict[str, float]:
        probs = self.class_probabilities
        return {
            r.id: float(probs[self.inst.class_of[i]]) for i, r in enumerate(self.inst.respondents)
        }

    @property
    def min_probability(self) -> float:
        return min(self.probabilities.values())

    @property
    def gini(self) -> float:
        return gini(list(self.probabilities.values()))

    @property
    def classes(self) -> list[list[str]]:
        return [self.inst.class_ids(t) for t in range(len(self.inst.classes))]

    @cached_property
    def _expanded(self) -> tuple[list[tuple[str, ...]], list[float]]:
        return expand(self.classes, self.class_panels, self.class_weights)

    @property
    def panels(self) -> list[tuple[str, ...]]:
        return self._expanded[0]

    @property
    def weights(self) -> list[float]:
        return self._expanded[1]


def expand(
    classes: Sequence[Sequence[str]], class_panels: np.ndarray, weights: Sequence[float]
) -> tuple[list[tuple[str, ...]], list[float]]:
    """Explicit panels of people with the same per-person probabilities.

    Within a class panel, class t (size n, count c) uses systematic sampling with one offset
    x shared by all classes: members ``floor((x + i) * n / c)``, i = 0..c-1, of the class's
    id-sorted list.  With x uniform on [0, 1) every member has probability c / n; x is split
    at the (rational) points where some class's choice changes.
    """
    out_panels: list[tuple[str, ...]] = []
    out_weights: list[float] = []
    for counts, w in zip(class_panels, weights, strict=True):
        points = {Fraction(0), Fraction(1)}
        for t, c in enumerate(counts):
            n = len(classes[t])
            if 0 < c < n:
                g = int(np.gcd(int(c), n))
                points.update(Fraction(a * g, n) for a in range(n // g))
        cuts = sorted(points)
        for lo, hi in zip(cuts, cuts[1:], strict=False):
            x = (lo + hi) / 2
            members: list[str] = []
            for t, c in enumerate(counts):
                n = len(classes[t])
                members.extend(classes[t][int((x + i) * n / int(c))] for i in range(int(c)))
            out_panels.append(tuple(sorted(members)))
            out_weights.append(float(w) * float(hi - lo))
    return out_panels, out_weights


def find_distribution(
    respondents: Sequence[Respondent],
    quotas: Sequence[Quota],
    k: int,
    algorithm: str = "leximin",
    seed: str | None = None,
    *,
    samples: int = LEGACY_SAMPLES,
    log: Callable[[str], None] | None = None,
) -> Distribution:
    """Selection probabilities for a panel of ``k``.

    ``leximin``: the fair distribution (exact, deterministic); ``legacy``: the greedy
    algorithm's empirical distribution over ``samples`` seeded draws (``seed`` required).
    """
    start = time.perf_counter()
    inst = compile_instance(respondents, quotas, k)
    if algorithm == "leximin":
        from .leximin import leximin

        panels, weights = leximin(inst, log=log)
        order = np.lexsort(panels.T[::-1])  # canonical order: counts lexicographically
        return Distribution(
            inst, "leximin", panels[order], weights[order], time.perf_counter() - start
        )
    if algorithm == "legacy":
        from .legacy import legacy_distribution

        if seed is None:
            raise SortitionInputError("the legacy algorithm needs a seed")
        keys, weights = legacy_distribution(inst, seed, samples)
        # Interchangeable people have equal legacy probabilities too, so averaging the
        # sampled frequencies within a class is a valid (lower-variance) estimate.
        tally: dict[tuple[int, ...], float] = {}
        for key, w in zip(keys, weights, strict=True):
            counts = tuple(int(c) for c in inst.counts_of_panel(key))
            tally[counts] = tally.get(counts, 0.0) + float(w)
        ordered = sorted(tally)
        panels = np.array(ordered, dtype=np.int64).reshape(len(ordered), len(inst.classes))
        weights = np.array([tally[c] for c in ordered])
        return Distribution(
            inst, "legacy", panels, weights, time.perf_counter() - start, samples=samples
        )
    raise SortitionInputError(f"unknown algorithm {algorithm!r} (use leximin or legacy)")
