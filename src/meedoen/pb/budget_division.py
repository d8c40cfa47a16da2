"""Burgerbegroting: residents divide a budget over themes; aggregate their divisions.

``independent_markets`` is the truthful mechanism of Freeman, Pennock, Peters and Wortman
Vaughan, "Truthful aggregation of budget proposals" (EC 2019; JET 2021).  With ``n`` voters
reporting shares ``p_ij`` (summing to 1 per voter) and the ``n + 1`` phantom functions
``f_k(t) = min(t (n - k), 1)`` for ``k = 0..n``, theme ``j`` gets

    med_j(t) = median(f_0(t), ..., f_n(t), p_1j, ..., p_nj)      (2n + 1 values)

for the ``t*`` in [0, 1] at which ``sum_j med_j(t*) = 1``.  ``g(t) = sum_j med_j(t)`` is
continuous, non-decreasing and piecewise linear with ``g(0) = 0`` and ``g(1) >= 1``, so ``t*``
exists; because every voter faces the same phantoms, no voter can move the outcome towards
their own division (in L1 distance) by misreporting.

We solve exactly: bisection in floats locates ``t*``; on that piece each median is either a
constant or one phantom line ``t (n - k)``, so ``g(t) = A + B t`` and ``t* = (1 - A) / B`` is
computed in Fractions and checked by evaluating ``g(t*) == 1`` exactly.  If the check fails
(float noise at a kink) we fall back to an exact search over all breakpoints.  The result is
scaled to ``total`` and sums to it exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

Division = Mapping[str, int | Fraction]


def _normalise(divisions: Sequence[Division], total) -> tuple[list[str], list[list[Fraction]]]:
    total = Fraction(total)
    if total <= 0:
        raise ValueError("total must be positive")
    if not divisions:
        raise ValueError("no divisions")
    themes: list[str] = []
    for d in divisions:
        for t in d:
            if t not in themes:
                themes.append(t)
    shares = []
    for k, d in enumerate(divisions):
        amounts = [Fraction(d.get(t, 0)) for t in themes]
        if any(a < 0 for a in amounts):
            raise ValueError(f"division {k + 1} has a negative amount")
        if sum(amounts) != total:
            raise ValueError(f"division {k + 1} sums to {sum(amounts)}, not {total}")
        shares.append([a / total for a in amounts])
    return themes, shares


def _median(values: list[Fraction]) -> Fraction:
    values = sorted(values)
    return values[len(values) // 2]


def _g_exact(t: Fraction, cols: list[list[Fraction]], n: int) -> Fraction:
    phantoms = [min(t * (n - k), Fraction(1)) for k in range(n + 1)]
    return sum((_median(phantoms + col) for col in cols), Fraction(0))


def _g_float(t: float, cols_f: list[list[float]], n: int) -> float:
    phantoms = [min(t * (n - k), 1.0) for k in range(n + 1)]
    total = 0.0
    for col in cols_f:
        vals = sorted(phantoms + col)
        total += vals[n]
    return total


def _solve_on_piece(t: float, cols: list[list[Fraction]], n: int) -> Fraction | None:
    """Exact t* assuming the linear piece of g around the float ``t``."""
    A = Fraction(0)
    B = 0
    for col in cols:
        items = [(min(t * (n - k), 1.0), ("ph", k)) for k in range(n + 1)]
        items += [(float(v), ("v", v)) for v in col]
        items.sort(key=lambda x: x[0])
        _, (kind, what) = items[n]
        if kind == "v":
            A += what
        elif t * (n - what) >= 1.0:
            A += 1
        else:
            B += n - what
    if B == 0:
        return None
    cand = (1 - A) / B
    if 0 <= cand <= 1 and _g_exact(cand, cols, n) == 1:
        return cand
    return None


def _solve_exact(cols: list[list[Fraction]], n: int) -> Fraction:
    """Fallback: search all breakpoints of g exactly (O(n^2 m) points; small inputs)."""
    points = {Fraction(0), Fraction(1)}
    for k in range(n):
        points.add(Fraction(1, n - k))
        for col in cols:
            for v in col:
                points.add(v / (n - k))
    pts = sorted(p for p in points if 0 <= p <= 1)
    lo, hi = 0, len(pts) - 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _g_exact(pts[mid], cols, n) < 1:
            lo = mid
        else:
            hi = mid
    a, b = pts[lo], pts[hi]
    ga, gb = _g_exact(a, cols, n), _g_exact(b, cols, n)
    if gb == 1:
        return b
    return a + (1 - ga) * (b - a) / (gb - ga)


def independent_markets(divisions: Sequence[Division], total) -> dict[str, Fraction]:
    """Aggregate budget divisions with the independent markets mechanism (exact)."""
    themes, shares = _normalise(divisions, total)
    n = len(shares)
    cols = [[s[j] for s in shares] for j in range(len(themes))]
    cols_f = [[float(v) for v in col] for col in cols]
    lo, hi = 0.0, 1.0
    for _ in range(100):
        mid = (lo + hi) / 2
        if _g_float(mid, cols_f, n) < 1.0:
            lo = mid
        else:
            hi = mid
    t_star = None
    for guess in (lo, hi, (lo + hi) / 2):
        t_star = _solve_on_piece(guess, cols, n)
        if t_star is not None:
            break
    if t_star is None:
        t_star = _solve_exact(cols, n)
    phantoms = [min(t_star * (n - k), Fraction(1)) for k in range(n + 1)]
    result = {
        th: _median(phantoms + col) * Fraction(total) for th, col in zip(themes, cols, strict=True)
    }
    assert sum(result.values()) == Fraction(total)
    return result


def mean_division(divisions: Sequence[Division], total) -> dict[str, Fraction]:
    """The average division (not truthful, shown for comparison)."""
    themes, shares = _normalise(divisions, total)
    n = len(shares)
    return {th: sum(s[j] for s in shares) / n * Fraction(total) for j, th in enumerate(themes)}


@dataclass
class Spread:
    minimum: Fraction
    q1: Fraction
    median: Fraction
    q3: Fraction
    maximum: Fraction


def _quantile(sorted_vals: list[Fraction], q: Fraction) -> Fraction:
    """Linear interpolation between order statistics (numpy's default 'linear' method)."""
    pos = q * (len(sorted_vals) - 1)
    lo = int(pos)
    frac = pos - lo
    if lo + 1 >= len(sorted_vals):
        return sorted_vals[lo]
    return sorted_vals[lo] + (sorted_vals[lo + 1] - sorted_vals[lo]) * frac


def spread(divisions: Sequence[Division], total) -> dict[str, Spread]:
    """Per theme: minimum, quartiles and maximum of the amounts residents gave it."""
    themes, shares = _normalise(divisions, total)
    out = {}
    for j, th in enumerate(themes):
        vals = sorted(s[j] * Fraction(total) for s in shares)
        out[th] = Spread(
            vals[0],
            _quantile(vals, Fraction(1, 4)),
            _quantile(vals, Fraction(1, 2)),
            _quantile(vals, Fraction(3, 4)),
            vals[-1],
        )
    return out
