"""The Sortition Foundation's earlier greedy ("legacy") algorithm, for comparison.

One attempt: while the panel is short, take the quota value most in need, i.e. with the
largest ratio (min still needed) / (people still available with that value) (ties: first
quota in file order), pick a uniformly random available person with that value, remove them
and their housemates from the pool, and remove everyone with a value whose max is reached.
An attempt fails when a min can no longer be met or the pool runs dry; then it restarts.

Its selection probabilities have no closed form, so they are *estimated* by sampling many
panels from the seeded generator of :mod:`.rng` (label ``legacy/<n>``).
"""

from __future__ import annotations

import numpy as np

from .errors import InfeasibleQuotasError
from .quotas import Instance, check_feasible
from .rng import SeededStream

MAX_ATTEMPTS = 10_000


class LegacySampler:
    """Vectorised state for repeated legacy draws on one instance."""

    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        n = inst.n
        nq = len(inst.quotas)
        self.member = np.zeros((nq, n), dtype=bool)  # quota j applies to person i
        for j, q in enumerate(inst.quotas):
            for i, r in enumerate(inst.respondents):
                self.member[j, i] = r.features.get(q.category) == q.value
        self.qmin = np.array([q.min for q in inst.quotas], dtype=np.int64)
        self.qmax = np.array([q.max for q in inst.quotas], dtype=np.int64)
        hh: dict[str, list[int]] = {}
        for i, r in enumerate(inst.respondents):
            if r.household:
                hh.setdefault(r.household, []).append(i)
        self.housemates = [
            [j for j in hh.get(r.household, []) if j != i] if r.household else []
            for i, r in enumerate(inst.respondents)
        ]

    def attempt(self, rng: SeededStream) -> list[int] | None:
        inst = self.inst
        alive = np.ones(inst.n, dtype=bool)
        for j in np.flatnonzero(self.qmax == 0):
            alive &= ~self.member[j]
        selected: list[int] = []
        chosen = np.zeros(len(self.qmin), dtype=np.int64)
        while len(selected) < inst.k:
            remaining = self.member[:, alive].sum(axis=1) if alive.any() else np.zeros_like(chosen)
            needed = np.maximum(self.qmin - chosen, 0)
            if np.any(needed > remaining):
                return None
            usable = (remaining > 0) & (self.qmax > 0)
            if not usable.any():
                return None
            ratio = np.where(usable, needed / np.maximum(remaining, 1), -np.inf)
            j = int(np.argmax(ratio))  # first maximum = first quota in file order
            candidates = np.flatnonzero(alive & self.member[j])
            person = int(candidates[rng.randbelow(len(candidates))])
            selected.append(person)
            alive[person] = False
            for mate in self.housemates[person]:
                alive[mate] = False
            chosen += self.member[:, person]
            for jj in np.flatnonzero(self.member[:, person] & (chosen >= self.qmax)):
                alive &= ~self.member[jj]
            if len(selected) < inst.k and not alive.any():
                return None
        counts = inst.counts_of_panel(selected)
        if inst.panel_problems(counts):
            return None
        return selected

    def sample(self, rng: SeededStream) -> list[int]:
        for _ in range(MAX_ATTEMPTS):
            panel = self.attempt(rng)
            if panel is not None:
                return panel
        raise RuntimeError("legacy algorithm failed to find a panel")


def legacy_panels(inst: Instance, seed: str, samples: int) -> list[list[int]]:
    """``samples`` legacy panels (respondent indices), reproducible from ``seed``."""
    check_feasible(inst)  # a clear InfeasibleQuotasError instead of endless restarts
    sampler = LegacySampler(inst)
    rng = SeededStream(seed, f"legacy/{samples}")
    out = []
    for _ in range(samples):
        try:
            out.append(sampler.sample(rng))
        except RuntimeError as exc:  # pragma: no cover - feasible but greedy keeps failing
            raise InfeasibleQuotasError([], reason=f"legacy algorithm: {exc}") from exc
    return out


def legacy_distribution(
    inst: Instance, seed: str, samples: int
) -> tuple[list[tuple[int, ...]], np.ndarray]:
    """Empirical distribution of legacy panels: (distinct panels as index tuples, weights)."""
    tally: dict[tuple[int, ...], int] = {}
    for p in legacy_panels(inst, seed, samples):
        key = tuple(sorted(p))
        tally[key] = tally.get(key, 0) + 1
    keys = sorted(tally)
    return keys, np.array([tally[key] for key in keys], dtype=np.float64) / samples
