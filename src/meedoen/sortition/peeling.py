"""Writing a point of the panel polytope as a mix of allowed panels, by peeling.

Given expected class counts ``x`` (a point of the LP relaxation Q of the panel polytope:
panel size, quotas, household rule and class sizes, fractions allowed), peeling looks for
allowed panels c_1..c_s and weights w_j >= 0 summing to 1 with sum_j w_j c_j = x, as in the
constructive proof of Caratheodory's theorem:

1. take an allowed panel c on the smallest face of Q that contains x: every constraint
   that is tight at x (a quota at its bound, a class empty or full, a household taken) is
   tight for c too;
2. move x straight away from c as far as Q allows, x' = (x - lam c) / (1 - lam), and give c
   the weight lam of what is left.

The constraint that stopped the step is tight at x', so every step lands on a face of lower
dimension, and after at most dim Q + 1 steps the point is itself a panel.  Among the
panels on the face we take the one that maximises sum_t c_t x_t / size_t, the remaining
probability of its members, so that the people who still need the most chances are served
first and steps stay long.

Q is not integral once there are three or more categories, so a face may contain no
allowed panel at all; peeling then stops early.  Either way its panels are excellent
columns for the column generation in :mod:`.leximin`, which checks and completes the mix
with a linear program.  On generated sf_e-sized pools peeling alone writes the whole point
as about 160 panels in well under a minute, where column generation needed thousands of
panels and did not finish in ten minutes (see ``docs/benchmarks.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .quotas import Instance, PanelMIP

FACE_TOL = 1e-9  # slack (in counts of the normalised point) below which a constraint is tight
RESIDUAL_TOL = 1e-9  # absolute error of the starting point, amplified as the remainder shrinks
DONE = 1e-8  # remaining weight below which the mix is complete (the final LP settles it)
MIN_STEP = 1e-12  # a shorter step means the face has no usable panel


@dataclass
class Peeling:
    panels: list[np.ndarray] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    remaining: float = 1.0  # weight not yet given to a panel

    @property
    def complete(self) -> bool:
        return self.remaining < DONE


class _Rows:
    """The rows of the pricing MIP (panel size, quotas, households), summed with one
    ``bincount``."""

    def __init__(self, mip: PanelMIP) -> None:
        self.lower, self.upper = mip.row_bounds
        self.index = np.array([t for row in mip.rows for t in row], dtype=np.int64)
        self.row_of = np.repeat(np.arange(len(mip.rows)), [len(row) for row in mip.rows])
        self.count = len(mip.rows)

    def sums(self, x: np.ndarray) -> np.ndarray:
        return np.bincount(self.row_of, weights=x[self.index], minlength=self.count)


def _longest_step(x: np.ndarray, c: np.ndarray, size: np.ndarray, rows: _Rows) -> float:
    """Largest lam in [0, 1] with (x - lam c) / (1 - lam) still in Q."""
    ratios = [np.ones(1)]
    used = c > 0
    ratios.append(x[used] / c[used])
    short = c < size
    ratios.append((size - x)[short] / (size - c)[short])
    xs, cs = rows.sums(x), rows.sums(c.astype(np.float64))
    above = np.isfinite(rows.lower) & (cs > rows.lower + 0.5)
    ratios.append((xs - rows.lower)[above] / (cs - rows.lower)[above])
    below = np.isfinite(rows.upper) & (cs < rows.upper - 0.5)
    ratios.append((rows.upper - xs)[below] / (rows.upper - cs)[below])
    return float(np.clip(min(r.min() for r in ratios if len(r)), 0.0, 1.0))


def peel(
    inst: Instance, counts: np.ndarray, mip: PanelMIP, max_steps: int | None = None
) -> Peeling:
    """Peel allowed panels off the expected class counts ``counts`` (a point of Q).

    ``mip`` is restricted to faces while peeling and unrestricted again afterwards.
    """
    size = inst.class_size.astype(np.float64)
    rows = _Rows(mip)
    max_steps = max_steps or 2 * len(size) + 10
    residual = np.clip(np.asarray(counts, dtype=np.float64), 0.0, size)
    result = Peeling()
    try:
        while not result.complete and len(result.panels) < max_steps:
            x = residual / result.remaining
            tol = max(FACE_TOL, RESIDUAL_TOL / result.remaining)
            xs = rows.sums(x)
            at_upper = np.isfinite(rows.upper) & (xs >= rows.upper - tol)
            at_lower = np.isfinite(rows.lower) & (xs <= rows.lower + tol)
            mip.restrict(
                np.where(x >= size - tol, size, 0.0),
                np.where(x <= tol, 0.0, size),
                np.where(at_upper, rows.upper, rows.lower),
                np.where(at_lower, rows.lower, rows.upper),
            )
            panel = mip.best(x / size)
            if panel is None:
                break  # no allowed panel on this face
            step = _longest_step(x, panel, size, rows)
            if step < MIN_STEP:
                break
            weight = step * result.remaining
            result.panels.append(panel)
            result.weights.append(weight)
            residual = residual - weight * panel
            result.remaining -= weight
            if step >= 1.0:
                result.remaining = 0.0
    finally:
        mip.unrestrict()
    return result
