"""Deterministic tie-breaking between projects.

Default (``"id"``): among tied projects the one whose project id is smallest *as text* wins
(``"10" < "9"``).  This is what pabutools 1.2.3 does (``lexico_tie_breaking`` sorts on
``Project.name``, which its Pabulib reader sets to the project id string), so recounts agree
with the reference implementation.

``"lottery"``: the project ids, sorted as text, are shuffled once with
``random.Random(seed).shuffle``; a tie goes to the project that comes first in that
permutation.  The same seed always gives the same order (Python guarantees the sequence of
``random.Random`` for a given integer seed), so a published seed makes the lottery verifiable.
"""

from __future__ import annotations

import random

import numpy as np

TIE_BREAKS = ("id", "lottery")


def tie_ranks(project_ids: list[str], tie_break: str = "id", seed: int | None = None) -> np.ndarray:
    """``rank[j]`` = position of project ``j`` in the tie-break order (lower wins)."""
    if tie_break not in TIE_BREAKS:
        raise ValueError(f"tie_break must be one of {TIE_BREAKS}, not {tie_break!r}")
    order = sorted(range(len(project_ids)), key=lambda j: project_ids[j])
    if tie_break == "lottery":
        if seed is None:
            raise ValueError("tie_break='lottery' needs a seed")
        random.Random(seed).shuffle(order)
    rank = np.empty(len(project_ids), dtype=np.int64)
    rank[np.array(order, dtype=np.int64)] = np.arange(len(project_ids))
    return rank
