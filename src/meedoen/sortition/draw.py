"""Drawing one panel from a published distribution, reproducibly.

The distribution is published in the draw record as class panels (see :mod:`.distribution`)
with integer weights on a grid of ``GRID = 10**9`` (float weights rounded by the largest
remainder method, ties to the earlier panel), in canonical order (class counts sorted
lexicographically).  The draw then uses only integers:

1. ``r = randbelow(GRID)`` from stream ``stage2/panel``; the chosen class panel is the first
   whose cumulative grid weight exceeds ``r``.
2. For every class ``t`` (in index order) with count ``c > 0``: ``sample(ids_t, c)`` from
   stream ``stage2/class/<t>``, where ``ids_t`` is the class's id-sorted member list.

The panel is the sorted list of the chosen ids.  Anyone can redo this from the record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .distribution import Distribution
from .model import Quota, Respondent, gini
from .rng import ALGORITHM, SeededStream, normalise_seed

GRID = 10**9
DRAW_ALGORITHM = f"stage2-grid1e9-class-sample/{ALGORITHM}"


def grid_weights(weights: Sequence[float], grid: int = GRID) -> list[int]:
    """Round probabilities to integers summing to ``grid`` (largest remainder)."""
    w = np.maximum(np.asarray(weights, dtype=np.float64), 0.0)
    w = w / w.sum() * grid
    base = np.floor(w).astype(np.int64)
    short = grid - int(base.sum())
    order = sorted(range(len(w)), key=lambda i: (-(w[i] - base[i]), i))
    for i in order[:short]:
        base[i] += 1
    return [int(x) for x in base]


def respondents_digest(respondents: Sequence[Respondent], quotas: Sequence[Quota]) -> str:
    """SHA-256 over what the selection depends on: id, household, quota answers (id order)."""
    categories = sorted({q.category for q in quotas})
    h = hashlib.sha256()
    for r in sorted(respondents, key=lambda r: r.id):
        cells = [r.id, r.household or ""] + [r.features.get(c, "") for c in categories]
        h.update(("\x1f".join(cells) + "\x1e").encode())
    return h.hexdigest()


def distribution_record(dist: Distribution) -> dict:
    """The JSON-ready published form of a distribution (with rounded grid weights)."""
    weights = grid_weights(dist.class_weights)
    keep = [i for i, w in enumerate(weights) if w > 0]
    classes = dist.classes
    panels = [[[t, int(c)] for t, c in enumerate(dist.class_panels[i]) if c] for i in keep]
    probs = record_probabilities(classes, panels, [weights[i] for i in keep])
    return {
        "algorithm": dist.algorithm,
        "k": dist.inst.k,
        "grid": GRID,
        "classes": classes,
        "panels": panels,
        "weights": [weights[i] for i in keep],
        "probabilities": probs,
        "min_probability": min(probs.values()),
        "gini": gini(list(probs.values())),
        "seconds": dist.seconds,
    }


def record_probabilities(
    classes: Sequence[Sequence[str]],
    panels: Sequence[Sequence[Sequence[int]]],
    weights: Sequence[int],
) -> dict[str, float]:
    total = sum(weights)
    expected = [0] * len(classes)
    for panel, w in zip(panels, weights, strict=True):
        for t, c in panel:
            expected[t] += c * w
    return {pid: expected[t] / (total * len(ids)) for t, ids in enumerate(classes) for pid in ids}


def sample_panel(dist_record: dict, seed: str, label: str = "stage2") -> list[str]:
    """Redo the seeded draw from a published distribution (see the module docstring).

    ``label`` prefixes the stream labels; replacements use ``"replacement"``.
    """
    weights = dist_record["weights"]
    r = SeededStream(seed, f"{label}/panel").randbelow(sum(weights))
    cumulative = 0
    chosen = len(weights) - 1
    for i, w in enumerate(weights):
        cumulative += w
        if r < cumulative:
            chosen = i
            break
    members: list[str] = []
    for t, c in sorted(dist_record["panels"][chosen]):
        members.extend(
            SeededStream(seed, f"{label}/class/{t}").sample(dist_record["classes"][t], c)
        )
    return sorted(members)


@dataclass
class Stage2Result:
    panel: list[str]
    record: dict


def draw_panel(distribution: Distribution, seed: str, *, label: str = "stage2") -> Stage2Result:
    """Draw one panel; the record holds everything needed to verify it."""
    seed = normalise_seed(seed)
    if not seed:
        from .errors import SortitionInputError

        raise SortitionInputError("seed must not be empty")
    published = distribution_record(distribution)
    panel = sample_panel(published, seed, label)
    inst = distribution.inst
    record = {
        "stage": 2,
        "label": label,
        "algorithm": DRAW_ALGORITHM,
        "selection": distribution.algorithm,
        "seed": seed,
        "panel_size": inst.k,
        "quotas": [
            {"category": q.category, "value": q.value, "min": q.min, "max": q.max}
            for q in inst.quotas
        ],
        "respondents_sha256": respondents_digest(inst.respondents, inst.quotas),
        "distribution": published,
        "panel": panel,
    }
    return Stage2Result(panel=panel, record=record)
