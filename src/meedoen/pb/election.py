"""Single-winner elections (e.g. the kinderburgemeester, the child mayor).

``plurality``: the candidate named first on most ballots wins.  ``instant_runoff``: repeatedly
eliminate the candidate with the fewest first preferences among those still running, moving
each ballot to its next running candidate, until one candidate has a strict majority of the
ballots that still name a running candidate (or only one is left).

Ties are broken deterministically: by candidate id as text (the smallest id wins a tie for the
lead; the largest id is eliminated first), or with ``tie_break="lottery"`` by a permutation of
the ids drawn once with ``random.Random(seed)`` (see :mod:`meedoen.pb.tiebreak`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .tiebreak import tie_ranks


@dataclass
class ElectionResult:
    winner: str | None
    method: str
    #: tallies per round (first preferences among running candidates)
    rounds: list[dict[str, int]] = field(default_factory=list)
    eliminated: list[str] = field(default_factory=list)
    exhausted: list[int] = field(default_factory=list)  # ballots without a running choice


def _prepare(ballots, candidates, tie_break, seed):
    ballots = [[str(c) for c in b] for b in ballots]
    if candidates is None:
        seen: dict[str, None] = {}
        for b in ballots:
            for c in b:
                seen.setdefault(c, None)
        candidates = list(seen)
    candidates = [str(c) for c in candidates]
    known = set(candidates)
    for k, b in enumerate(ballots):
        if len(set(b)) != len(b):
            raise ValueError(f"ballot {k + 1} names a candidate twice")
        for c in b:
            if c not in known:
                raise ValueError(f"ballot {k + 1}: unknown candidate {c!r}")
    rank = dict(zip(candidates, tie_ranks(candidates, tie_break, seed).tolist(), strict=True))
    return ballots, candidates, rank


def plurality(
    ballots: Iterable[Sequence[str]],
    candidates: Sequence[str] | None = None,
    tie_break: str = "id",
    seed: int | None = None,
) -> ElectionResult:
    """Most first preferences wins (a choose-1 ballot is a ranking of length one)."""
    ballots, candidates, rank = _prepare(ballots, candidates, tie_break, seed)
    tally = {c: 0 for c in candidates}
    for b in ballots:
        if b:
            tally[b[0]] += 1
    winner = min(candidates, key=lambda c: (-tally[c], rank[c])) if candidates else None
    return ElectionResult(winner, "plurality", [tally])


def instant_runoff(
    ballots: Iterable[Sequence[str]],
    candidates: Sequence[str] | None = None,
    tie_break: str = "id",
    seed: int | None = None,
) -> ElectionResult:
    """Instant-runoff voting (alternative vote) on ranked ballots."""
    ballots, candidates, rank = _prepare(ballots, candidates, tie_break, seed)
    running = set(candidates)
    result = ElectionResult(None, "instant-runoff")
    while running:
        tally = {c: 0 for c in candidates if c in running}
        exhausted = 0
        for b in ballots:
            top = next((c for c in b if c in running), None)
            if top is None:
                exhausted += 1
            else:
                tally[top] += 1
        result.rounds.append(tally)
        result.exhausted.append(exhausted)
        active = sum(tally.values())
        leader = min(running, key=lambda c: (-tally[c], rank[c]))
        if len(running) == 1 or 2 * tally[leader] > active:
            result.winner = leader
            return result
        loser = min(running, key=lambda c: (tally[c], -rank[c]))
        running.discard(loser)
        result.eliminated.append(loser)
    return result


def election_ballots(instance) -> list[list[str]]:
    """Rankings from a choose-1, approval (in file order) or ordinal Pabulib instance."""
    ids = instance.project_ids
    ip = instance.indptr.tolist()
    idx = instance.indices.tolist()
    return [[ids[j] for j in idx[ip[i] : ip[i + 1]]] for i in range(instance.n_voters)]
