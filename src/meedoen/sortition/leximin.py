"""LEXIMIN selection probabilities by column generation (Flanigan et al., Nature 2021).

The leximin distribution over allowed panels maximises the smallest selection probability,
then the second smallest, and so on.  As in the paper, each *stage* solves the dual of

    max z  s.t.  sum_P p_P = 1,  P(i selected) >= z for open people,
                 P(i selected) >= f_i for people fixed in earlier stages,

over a growing pool of panels: the dual (variables y_i >= 0, cap y^) is

    min y^ - sum_fixed f_i y_i  s.t.  sum_open y_i = 1,  sum_{i in P} y_i <= y^ for every P,

and a missing constraint is found by the pricing MIP "allowed panel maximising
sum_i y_i [i in P]" (HiGHS).  When no panel violates the dual, the stage value z is
optimal, and everyone with y_i > 0 is *fixed* at z (complementary slackness: their
constraint binds in every optimal solution); all of them are fixed at once.  A final primal
LP finds the distribution.

We work with classes of interchangeable people (see :mod:`.quotas`): a panel is a vector of
counts per class and a class's probability is E[count] / class size; this is exactly the
leximin over people, because the leximin probabilities are unique and therefore symmetric.

Shortcut: probabilities sum to k, so if the first stage's value equals k/n, everybody has
k/n and leximin is finished after one stage.

Determinism: the column pool is seeded from a fixed internal seed and HiGHS runs
single-threaded, so a given machine recomputes the same distribution.  Other machines may
find a different but equally optimal distribution, which is why a draw record publishes the
distribution itself (see :mod:`.draw` and :mod:`.verify`).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import highspy
import numpy as np

from .errors import InfeasibleQuotasError
from .heuristics import SwapSearch
from .quotas import INF, Instance, PanelMIP, minimal_relaxation

EPS_FIX = 1e-7  # dual value above which a person is fixed
EPS_PRICE = 1e-7  # pricing violation tolerance (relative)
LP_TOL = 1e-8
HEURISTIC_STARTS = 3
SMOOTH = 0.7
RELAX_STEP = 1e-7


class PanelPool:
    """Distinct panels (class-count vectors) found so far, also kept as a matrix."""

    def __init__(self, m: int) -> None:
        self.m = m
        self.keys: set[bytes] = set()
        self.panels: list[np.ndarray] = []
        self._matrix = np.zeros((64, m))

    def add(self, counts: np.ndarray) -> bool:
        key = counts.astype(np.int32).tobytes()
        if key in self.keys:
            return False
        self.keys.add(key)
        if len(self.panels) == len(self._matrix):
            self._matrix = np.vstack([self._matrix, np.zeros_like(self._matrix)])
        self._matrix[len(self.panels)] = counts
        self.panels.append(counts.astype(np.int64))
        return True

    def matrix(self) -> np.ndarray:
        return self._matrix[: len(self.panels)].copy()

    def best(self, weights: np.ndarray, count: int) -> list[np.ndarray]:
        values = self._matrix[: len(self.panels)] @ weights
        order = np.argsort(-values, kind="stable")[:count]
        return [self.panels[i] for i in order]


def _lp_options(h: highspy.Highs) -> None:
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("primal_feasibility_tolerance", LP_TOL)
    h.setOptionValue("dual_feasibility_tolerance", LP_TOL)


class _Unbounded(Exception):
    """The dual LP is unbounded: rounding made the fixed probabilities marginally infeasible."""


class DualStage:
    """The dual LP of one leximin stage, with panels added as rows (warm-started)."""

    def __init__(self, inst: Instance, fixed: dict[int, float], panels: np.ndarray) -> None:
        self.inst = inst
        m = len(inst.classes)
        self.m = m
        self.inv_size = 1.0 / inst.class_size
        self.h = highspy.Highs()
        _lp_options(self.h)
        # Dual simplex, warm-started after every added panel and across stages (an
        # interior-point variant converged in fewer rounds but was slower and less robust).
        cost = np.zeros(m + 1)
        for t, f in fixed.items():
            cost[t] = -max(0.0, f - 1e-9)
        cost[m] = 1.0
        lower = np.zeros(m + 1)
        lower[m] = -INF
        upper = np.full(m + 1, INF)
        self.h.addVars(m + 1, lower, upper)
        self.h.changeColsCost(m + 1, np.arange(m + 1, dtype=np.int32), cost)
        open_ = np.array([t for t in range(m) if t not in fixed], dtype=np.int32)
        self.h.addRow(1.0, 1.0, len(open_), open_, np.ones(len(open_)))
        self.add_panels(panels)

    def fix(self, classes: list[int], value: float) -> None:
        """Move classes from open to fixed at ``value``, keeping the simplex basis."""
        for t in classes:
            self.h.changeColCost(t, -max(0.0, value - 1e-9))
            self.h.changeCoeff(0, t, 0.0)

    def add_panels(self, panels: np.ndarray) -> None:
        if len(panels) == 0:
            return
        coef = panels * self.inv_size
        starts, index, value = [0], [], []
        for row in coef:
            nz = np.flatnonzero(row)
            index.append(nz)
            value.append(row[nz])
            index.append(np.array([self.m]))
            value.append(np.array([-1.0]))
            starts.append(starts[-1] + len(nz) + 1)
        self.h.addRows(
            len(coef),
            np.full(len(coef), -INF),
            np.zeros(len(coef)),
            starts[-1],
            np.array(starts[:-1], dtype=np.int32),
            np.concatenate(index).astype(np.int32),
            np.concatenate(value),
        )

    def solve(self) -> tuple[float, np.ndarray, float]:
        """(objective = stage value z, y, y^)."""
        self.h.run()
        status = self.h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise _Unbounded(self.h.modelStatusToString(status))
        x = np.array(self.h.getSolution().col_value)
        return self.h.getInfo().objective_function_value, np.maximum(x[: self.m], 0.0), x[self.m]


def _seed_pool(
    inst: Instance, mip: PanelMIP, search: SwapSearch, pool: PanelPool, rounds: int, log
) -> np.ndarray:
    """Cover every class that can be on a panel, then add panels for random weights.

    Local search does almost all of the work; the MIP only confirms classes it cannot
    cover.  Returns a boolean mask of classes that are on no allowed panel (probability 0).
    """
    m = len(inst.classes)
    rng = np.random.default_rng(20210804)  # fixed: the pool only affects speed, not results
    covered = np.zeros(m, dtype=bool)
    for panel in pool.panels:
        covered |= panel > 0
    base = pool.panels[0]
    misses = 0
    while not covered.all():
        weights = np.where(covered, 0.0, 1.0) + 0.01 * rng.random(m)
        counts = search.improve(base, weights)
        if not ((counts > 0) & ~covered).any():
            misses += 1
            counts = mip.best(np.where(covered, 0.0, 1.0))
            if counts is None or not ((counts > 0) & ~covered).any():
                break
        pool.add(counts)
        covered |= counts > 0
        base = counts
    for _ in range(rounds):
        counts = search.improve(
            pool.panels[rng.integers(len(pool.panels))], rng.random(m) / inst.class_size
        )
        pool.add(counts)
    log(
        f"seeded pool with {len(pool.panels)} panels ({misses} MIP calls); "
        f"{int((~covered).sum())} classes uncoverable"
    )
    return ~covered


def _final_primal(inst: Instance, panels: np.ndarray, fixed: dict[int, float]) -> np.ndarray:
    """Weights over ``panels`` meeting the fixed probabilities (minimising the shortfall)."""
    m = len(inst.classes)
    v = len(panels)
    coef = panels / inst.class_size  # v x m
    h = highspy.Highs()
    _lp_options(h)
    # columns: p_0..p_{v-1}, eps
    h.addVars(v + 1, np.zeros(v + 1), np.full(v + 1, INF))
    cost = np.zeros(v + 1)
    cost[v] = 1.0
    h.changeColsCost(v + 1, np.arange(v + 1, dtype=np.int32), cost)
    h.addRow(1.0, 1.0, v, np.arange(v, dtype=np.int32), np.ones(v))
    f = np.array([fixed[t] for t in range(m)])
    for t in range(m):
        nz = np.flatnonzero(coef[:, t])
        idx = np.concatenate([nz, [v]]).astype(np.int32)
        vals = np.concatenate([coef[nz, t], [1.0]])
        h.addRow(f[t], INF, len(idx), idx, vals)
    h.run()
    status = h.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"leximin primal LP: {h.modelStatusToString(status)}")
    x = np.array(h.getSolution().col_value)
    p = np.maximum(x[:v], 0.0)
    p[p < 1e-11] = 0.0
    return p / p.sum()


def leximin(
    inst: Instance,
    *,
    log: Callable[[str], None] | None = None,
    seed_rounds: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Leximin distribution: (panels as class counts [v x m], weights [v])."""
    log = log or (lambda _msg: None)
    m = len(inst.classes)
    mip = PanelMIP(inst)
    first = mip.best(np.zeros(m))
    if first is None:
        raise InfeasibleQuotasError(minimal_relaxation(inst))
    pool = PanelPool(m)
    pool.add(first)
    search = SwapSearch(inst)
    if seed_rounds is None:
        seed_rounds = min(200, 10 + m // 5)
    uncoverable = _seed_pool(inst, mip, search, pool, seed_rounds, log)
    fixed: dict[int, float] = {int(t): 0.0 for t in np.flatnonzero(uncoverable)}
    uniform = inst.k / inst.n
    stage = 0
    pricing_calls = 0
    iterations = 0
    relaxations = 0
    dual = DualStage(inst, fixed, pool.matrix())
    while len(fixed) < m:
        stage += 1
        center = None
        while True:
            iterations += 1
            try:
                z, y, cap = dual.solve()
            except _Unbounded:
                # As in Flanigan et al.'s code: relax every fixed probability a little.
                relaxations += 1
                if relaxations > 100:
                    raise RuntimeError("leximin LP stays unbounded") from None
                for t in fixed:
                    fixed[t] = max(0.0, fixed[t] - RELAX_STEP)
                dual = DualStage(inst, fixed, pool.matrix())
                log(f"  relaxed fixed probabilities by {RELAX_STEP} ({relaxations} times)")
                continue
            weights = y / inst.class_size
            threshold = cap + EPS_PRICE * max(1.0, abs(cap))
            # Smoothed pricing (a Wentges-style stabilisation): search with a mix of the
            # current and the recent dual points, keep panels violating the current one.
            center = weights if center is None else SMOOTH * center + (1 - SMOOTH) * weights
            found = []
            best_local = None
            for direction in (center, weights):
                for start in pool.best(direction, HEURISTIC_STARTS):
                    counts = search.improve(start, direction)
                    if best_local is None or weights @ counts > weights @ best_local:
                        best_local = counts
                    if weights @ counts > threshold and pool.add(counts):
                        found.append(counts)
                if found:
                    break
            if not found:
                counts = mip.best(weights, start=best_local)
                pricing_calls += 1
                if counts is None:
                    raise RuntimeError("pricing MIP failed on a feasible instance")
                if weights @ counts > threshold and pool.add(counts):
                    found.append(counts)
                elif not mip.last_optimal:
                    log(f"  pricing MIP not proven optimal: {mip.h.getModelStatus()}")
            if not found:
                break
            dual.add_panels(np.array(found, dtype=np.float64))
            if iterations % 50 == 0:
                log(
                    f"  iteration {iterations}: value {z:.6f}, pool {len(pool.panels)}, MIPs {pricing_calls}"
                )
        open_ = [t for t in range(m) if t not in fixed]
        if not fixed and z >= uniform - 1e-7:
            log(f"stage {stage}: value {z:.6f} = k/n, uniform leximin")
            for t in open_:
                fixed[t] = uniform
            break
        newly = [t for t in open_ if y[t] > EPS_FIX]
        if not newly:  # numerical corner: fix the open class with the largest dual value
            newly = [max(open_, key=lambda t: y[t])]
        for t in newly:
            fixed[t] = max(0.0, z)
        dual.fix(newly, max(0.0, z))
        log(
            f"stage {stage}: value {z:.6f}, fixed {len(newly)} classes "
            f"({len(fixed)}/{m}), pool {len(pool.panels)}, pricing calls {pricing_calls}"
        )
    panels = pool.matrix()
    weights = _final_primal(inst, panels, fixed)
    keep = weights > 0
    return panels[keep].astype(np.int64), weights[keep]


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start
