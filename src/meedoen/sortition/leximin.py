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
from .quotas import INF, Instance, PanelMIP, minimal_relaxation

EPS_FIX = 1e-6  # dual value above which a person is fixed
EPS_PRICE = 1e-7  # pricing violation tolerance (relative)
LP_TOL = 1e-8


class PanelPool:
    """Distinct panels (class-count vectors) found so far."""

    def __init__(self, m: int) -> None:
        self.m = m
        self.keys: set[bytes] = set()
        self.panels: list[np.ndarray] = []

    def add(self, counts: np.ndarray) -> bool:
        key = counts.astype(np.int32).tobytes()
        if key in self.keys:
            return False
        self.keys.add(key)
        self.panels.append(counts.astype(np.int64))
        return True

    def matrix(self) -> np.ndarray:
        return np.array(self.panels, dtype=np.float64).reshape(len(self.panels), self.m)


def _lp_options(h: highspy.Highs) -> None:
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("primal_feasibility_tolerance", LP_TOL)
    h.setOptionValue("dual_feasibility_tolerance", LP_TOL)


class DualStage:
    """The dual LP of one leximin stage, with panels added as rows (warm-started)."""

    def __init__(self, inst: Instance, fixed: dict[int, float], panels: np.ndarray) -> None:
        self.inst = inst
        m = len(inst.classes)
        self.m = m
        self.inv_size = 1.0 / inst.class_size
        self.h = highspy.Highs()
        _lp_options(self.h)
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
            raise RuntimeError(f"leximin dual LP: {self.h.modelStatusToString(status)}")
        x = np.array(self.h.getSolution().col_value)
        return self.h.getInfo().objective_function_value, np.maximum(x[: self.m], 0.0), x[self.m]


def _seed_pool(inst: Instance, mip: PanelMIP, pool: PanelPool, rounds: int, log) -> np.ndarray:
    """Cover every class that can be on a panel, then add panels for random weights.

    Returns a boolean mask of classes that are on no allowed panel (probability 0).
    """
    m = len(inst.classes)
    covered = np.zeros(m, dtype=bool)
    for panel in pool.panels:
        covered |= panel > 0
    while not covered.all():
        weights = np.where(covered, 0.0, 1.0) + 1e-4 * np.where(covered, 1.0, 0.0)
        counts = mip.best(weights)
        if counts is None:
            break
        newly = (counts > 0) & ~covered
        pool.add(counts)
        if not newly.any():
            break
        covered |= counts > 0
    rng = np.random.default_rng(20210804)  # fixed: the pool only affects speed, not results
    for _ in range(rounds):
        counts = mip.best(rng.random(m) / inst.class_size)
        if counts is not None:
            pool.add(counts)
    log(f"seeded pool with {len(pool.panels)} panels; {int((~covered).sum())} classes uncoverable")
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
    if seed_rounds is None:
        seed_rounds = min(50, 5 + m // 20)
    uncoverable = _seed_pool(inst, mip, pool, seed_rounds, log)
    fixed: dict[int, float] = {int(t): 0.0 for t in np.flatnonzero(uncoverable)}
    uniform = inst.k / inst.n
    stage = 0
    pricing_calls = 0
    while len(fixed) < m:
        stage += 1
        dual = DualStage(inst, fixed, pool.matrix())
        while True:
            z, y, cap = dual.solve()
            weights = y / inst.class_size
            counts = mip.best(weights)
            pricing_calls += 1
            if counts is None:
                raise RuntimeError("pricing MIP failed on a feasible instance")
            value = float(weights @ counts)
            if value <= cap + EPS_PRICE * max(1.0, abs(cap)) or not pool.add(counts):
                break
            dual.add_panels(counts[None, :].astype(np.float64))
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
