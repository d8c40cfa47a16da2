"""Checking a published draw record: does it reproduce?

Stage 1: redo :func:`draw_invitations` from the population and the recorded parameters and
compare the invitation list (and the population digest).

Stage 2: LP solvers may return different but equally fair distributions on different
machines, so the record publishes the distribution itself, and verification checks

(a) that the published distribution is valid: grid weights are non-negative and sum to the
    grid, every panel has k members, meets every quota and the household rule, and the
    reported probabilities are its marginals; with the inputs, that the respondents digest
    matches and the classes are interchangeable people; and that it is *optimal*: the
    per-person probabilities equal a fresh leximin computation within ``tolerance``
    (leximin probabilities are unique, so this is well defined);
(b) that the seeded draw from the published distribution gives the published panel,
    exactly (integer arithmetic only).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from .draw import record_probabilities, respondents_digest, sample_panel
from .model import Person, Quota, Respondent, gini
from .stage1 import draw_invitations, population_digest


@dataclass
class VerifyResult:
    ok: bool
    differences: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        if self.ok:
            return "match"
        return "mismatch: " + "; ".join(self.differences)


def verify_record(
    record: dict,
    *,
    population: Sequence[Person] | None = None,
    respondents: Sequence[Respondent] | None = None,
    quotas: Sequence[Quota] | None = None,
    recompute: bool = True,
    tolerance: float = 1e-5,
) -> VerifyResult:
    """Re-run a published draw; ``ok`` is True when everything matches."""
    stage = record.get("stage")
    if stage == 1:
        diffs = _verify_stage1(record, population)
    elif stage == 2:
        diffs = _verify_stage2(record, respondents, quotas, recompute, tolerance)
    else:
        diffs = [f"unknown stage {stage!r}"]
    return VerifyResult(not diffs, diffs)


def _verify_stage1(record: dict, population: Sequence[Person] | None) -> list[str]:
    if population is None:
        return ["stage 1 needs the population file"]
    diffs = []
    digest = population_digest(population)
    if digest != record.get("population_sha256"):
        diffs.append("population differs from the one recorded (sha256)")
    redo = draw_invitations(
        population,
        int(record["invitations"]),
        record["seed"],
        min_age=record.get("min_age"),
        reference_year=record.get("reference_year"),
    )
    got = [p.id for p in redo.invited]
    published = list(record.get("invited", []))
    if got != published:
        extra = sorted(set(published) - set(got))
        missing = sorted(set(got) - set(published))
        detail = "invitation list differs"
        if extra or missing:
            detail += f" (not in redo: {extra[:5]}, missing: {missing[:5]})"
        else:
            detail += " (order)"
        diffs.append(detail)
    return diffs


def _verify_stage2(record, respondents, quotas, recompute, tolerance) -> list[str]:
    diffs: list[str] = []
    dist = record.get("distribution") or {}
    try:
        classes = dist["classes"]
        panels = dist["panels"]
        weights = dist["weights"]
        grid = dist["grid"]
        k = record["panel_size"]
    except KeyError as exc:
        return [f"record lacks {exc.args[0]!r}"]
    if any(not isinstance(w, int) or w < 0 for w in weights) or sum(weights) != grid:
        diffs.append("distribution weights are not non-negative integers summing to the grid")
        return diffs
    probs = record_probabilities(classes, panels, weights)
    reported = dist.get("probabilities", {})
    if set(reported) != set(probs) or any(
        not math.isclose(reported[i], probs[i], abs_tol=1e-12) for i in probs
    ):
        diffs.append("reported probabilities are not the distribution's marginals")
    if not math.isclose(dist.get("min_probability", -1), min(probs.values()), abs_tol=1e-9):
        diffs.append("reported minimum probability is wrong")
    if not math.isclose(dist.get("gini", -1), gini(list(probs.values())), abs_tol=1e-9):
        diffs.append("reported gini coefficient is wrong")
    record_quotas = [Quota(q["category"], q["value"], q["min"], q["max"]) for q in record["quotas"]]
    if quotas is not None and sorted(quotas, key=lambda q: q.key) != sorted(
        record_quotas, key=lambda q: q.key
    ):
        diffs.append("quotas differ from the recorded quotas")
    if respondents is not None:
        diffs.extend(_check_panels(classes, panels, k, respondents, record_quotas))
        if respondents_digest(respondents, record_quotas) != record.get("respondents_sha256"):
            diffs.append("respondents differ from the recorded ones (sha256)")
        if recompute and not diffs and dist.get("algorithm") == "leximin":
            from .distribution import find_distribution

            fresh = find_distribution(respondents, record_quotas, k).probabilities
            worst = max(abs(fresh[i] - probs.get(i, 0.0)) for i in fresh)
            if worst > tolerance:
                diffs.append(
                    f"distribution is not leximin-optimal: a probability differs by {worst:.2e} "
                    "from a recomputation"
                )
    redo = sample_panel(dist, record["seed"], record.get("label", "stage2"))
    if redo != list(record.get("panel", [])):
        diffs.append(
            f"drawn panel differs: recomputed {sorted(set(redo) - set(record.get('panel', [])))[:5]} "
            f"instead of {sorted(set(record.get('panel', [])) - set(redo))[:5]}"
        )
    return diffs


def _check_panels(classes, panels, k, respondents, quotas) -> list[str]:
    """Every published panel meets size, quotas and the household rule."""
    by_id = {r.id: r for r in respondents}
    categories = sorted({q.category for q in quotas})
    hh_count: dict[str, int] = {}
    for r in respondents:
        if r.household:
            hh_count[r.household] = hh_count.get(r.household, 0) + 1
    diffs = []
    listed = [i for ids in classes for i in ids]
    if sorted(listed) != sorted(by_id):
        return ["the distribution's people are not the respondents"]
    for t, ids in enumerate(classes):
        profiles = {tuple(by_id[i].features.get(c) for c in categories) for i in ids}
        shared = [i for i in ids if by_id[i].household and hh_count[by_id[i].household] > 1]
        if len(profiles) > 1 or (len(ids) > 1 and shared):
            diffs.append(f"class {t} mixes people who are not interchangeable")
    if diffs:
        return diffs
    for p, panel in enumerate(panels):
        size = sum(c for _t, c in panel)
        if size != k:
            diffs.append(f"panel {p} has {size} members, not {k}")
            continue
        counts: dict[tuple[str, str], int] = {}
        households: dict[str, int] = {}
        for t, c in panel:
            if not 0 < c <= len(classes[t]):
                diffs.append(f"panel {p} takes {c} from class {t} of size {len(classes[t])}")
            first = by_id[classes[t][0]]
            for cat in categories:
                key = (cat, first.features.get(cat))
                counts[key] = counts.get(key, 0) + c
            if first.household and hh_count[first.household] > 1:
                households[first.household] = households.get(first.household, 0) + c
        for q in quotas:
            got = counts.get((q.category, q.value), 0)
            if not q.min <= got <= q.max:
                diffs.append(f"panel {p} has {got} for {q.key}, quota {q.min}..{q.max}")
        if any(v > 1 for v in households.values()):
            diffs.append(f"panel {p} has two members of one household")
    return diffs[:20]
