"""Replacing people who drop out of a selected panel.

The remaining panel stays.  Candidates are the respondents not on the original panel, not
dropped, and not living in a household of a remaining member.  Quotas are shifted by what
the remaining members already fill (min and max minus their counts), and the replacements
are drawn by **leximin over this residual problem** with the same seeded, published-
distribution draw as stage 2, under the stream label ``replacement`` (so a replacement draw
never reuses the main draw's random numbers).  The record returned by
:func:`draw_replacements_record` verifies with :func:`verify_record` given the candidates
and the residual quotas it lists.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from .distribution import find_distribution
from .draw import draw_panel
from .errors import InfeasibleQuotasError, Relaxation, SortitionInputError
from .model import Quota, Respondent


def residual_problem(
    respondents: Sequence[Respondent],
    quotas: Sequence[Quota],
    panel: Collection[str],
    dropped: Collection[str],
) -> tuple[list[Respondent], list[Quota], dict[str, int]]:
    """(candidates, residual quotas, counts of the remaining panel per quota key)."""
    ids = {r.id for r in respondents}
    panel_set, dropped_set = set(panel), set(dropped)
    unknown = sorted((panel_set | dropped_set) - ids)
    if unknown:
        raise SortitionInputError(f"unknown respondent id(s): {', '.join(unknown[:5])}")
    if not dropped_set <= panel_set:
        raise SortitionInputError("dropped people must be members of the panel")
    remaining = [r for r in respondents if r.id in panel_set - dropped_set]
    taken_households = {r.household for r in remaining if r.household}
    candidates = [
        r
        for r in respondents
        if r.id not in panel_set and (r.household is None or r.household not in taken_households)
    ]
    filled = {
        q.key: sum(1 for r in remaining if r.features.get(q.category) == q.value) for q in quotas
    }
    over = [
        Relaxation(q.category, q.value, "max", q.max, filled[q.key])
        for q in quotas
        if filled[q.key] > q.max
    ]
    if over:
        raise InfeasibleQuotasError(over, reason="the remaining panel already exceeds quotas")
    residual = [
        Quota(q.category, q.value, max(0, q.min - filled[q.key]), q.max - filled[q.key])
        for q in quotas
    ]
    return candidates, residual, filled


def draw_replacements_record(
    respondents: Sequence[Respondent],
    quotas: Sequence[Quota],
    panel: Collection[str],
    dropped: Collection[str],
    seed: str,
) -> tuple[list[str], dict | None]:
    """Replacement ids (sorted) and the verifiable draw record (None if nobody dropped)."""
    if not dropped:
        return [], None
    candidates, residual, filled = residual_problem(respondents, quotas, panel, dropped)
    try:
        dist = find_distribution(candidates, residual, len(set(dropped)))
    except InfeasibleQuotasError as exc:
        by_key = {q.key: q for q in quotas}
        mapped = []
        for r in exc.relaxations:
            if r.bound == "panel_size":
                mapped.append(r)
                continue
            q = by_key[f"{r.category}={r.value}"]
            shift = filled[q.key]
            current = q.min if r.bound == "min" else q.max
            mapped.append(Relaxation(r.category, r.value, r.bound, current, r.required + shift))
        raise InfeasibleQuotasError(mapped, reason="no replacements meet the quotas") from None
    result = draw_panel(dist, seed, label="replacement")
    record = dict(result.record)
    record["replaces"] = sorted(set(dropped))
    record["remaining_panel"] = sorted(set(panel) - set(dropped))
    return result.panel, record


def draw_replacements(
    respondents: Sequence[Respondent],
    quotas: Sequence[Quota],
    panel: Collection[str],
    dropped: Collection[str],
    seed: str,
) -> list[str]:
    """Replacement ids so that the remaining panel plus them meets the quotas again."""
    return draw_replacements_record(respondents, quotas, panel, dropped, seed)[0]
