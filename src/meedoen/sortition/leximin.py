"""LEXIMIN selection probabilities by column generation (Flanigan et al., Nature 2021).

The leximin distribution over allowed panels maximises the smallest selection probability,
then the second smallest, and so on.  As in the paper, each *stage* solves

    max z  s.t.  sum_P p_P = 1,  P(i selected) >= z for open people,
                 P(i selected) >= f_i for people fixed in earlier stages,

over a growing pool of panels, and everyone whose constraint has a positive dual value
y_i is then *fixed* at z (complementary slackness: their constraint binds in every optimal
solution); all of them at once.  A panel that improves the restricted problem is found by
the pricing MIP "allowed panel maximising sum_i y_i [i in P]" (HiGHS).

Fast path (tried first).  Every distribution's expected class counts lie in the LP
relaxation Q of the panel polytope (counts meeting panel size, quotas and the household
rule, fractional allowed), so the leximin point of Q -- a handful of small LPs -- leximin-
dominates the true leximin.  If a distribution over allowed panels attains it, that
distribution *is* leximin (leximin probabilities are unique).  :mod:`.peeling` writes the
point as a mix of allowed panels face by face (Caratheodory), and one linear program,
"minimise the total shortfall below that point", checks the mix: shortfall 0 is the proof.
When peeling stops early (a face of Q without an allowed panel), the same program goes on
as a column generation from the peeled panels; a pricing MIP whose dual bound shows no
improving panel proves the point unattainable, and then the stages below run.  On
generated sf_e-sized pools peeling succeeds and no pricing is needed at all.

Implementation choices (see ``docs/benchmarks.md`` for their effect):

* **Primal master, one HiGHS object for all stages.**  Panels are columns, added
  incrementally; the previous solution stays feasible, so the simplex is warm-started, and
  fixing classes only changes row coefficients and bounds.  The previous stage's solution
  is feasible for the next stage with its old value, so a stage value can never drop below
  the previous one (no relaxing of fixed probabilities is needed, unlike the dual
  formulation, where rounding made the dual unbounded or a stage value negative).
* **Bounds and stabilisation.**  For any y >= 0 with sum_open y = 1, every distribution has
  z <= max_P y.pi(P) - sum_fixed y_i f_i, so each pricing MIP (its proven dual bound) gives
  an upper bound on the stage value.  The LP relaxation of the panel polytope (expected
  counts meeting the quotas and household rule) gives a first bound and a very good dual
  point; pricing happens at a convex combination of the best-bound dual point (the
  *stability centre*) and the master's dual (Wentges smoothing with bound tracking, an
  in-out scheme).  Once the bound meets the master value, pricing switches to the pure
  master dual until the MIP proves that no panel improves it; only then are classes fixed.
* **Classes.**  We work with classes of interchangeable people (see :mod:`.quotas`): a
  panel is a vector of counts per class and a class's probability is E[count] / class
  size; this is exactly the leximin over people, because leximin probabilities are unique
  and therefore symmetric.

Shortcut: probabilities sum to k, so if the first stage's value equals k/n, everybody has
k/n and leximin is finished after one stage.

Determinism: the MIP and LP run single-threaded with a fixed random seed, so a given
machine recomputes the same distribution.  Other machines may find a different but equally
optimal distribution, which is why a draw record publishes the distribution itself (see
:mod:`.draw` and :mod:`.verify`).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import highspy
import numpy as np

from .errors import InfeasibleQuotasError
from .heuristics import SwapSearch
from .peeling import peel
from .quotas import INF, Instance, PanelMIP, minimal_relaxation

EPS_FIX = 1e-7  # dual value above which a class is fixed
STAGE_TOL = 1e-8  # a stage is optimal when no panel improves the value by more than this
FIX_SLACK = 1e-9  # fixed probabilities are imposed as >= value - FIX_SLACK
MAX_FIX_SLACK = 1e-6  # the relaxation loosens a fix up to this when rounding needs it
LP_TOL = 1e-9
SMOOTH = 0.8  # weight of the stability centre in the pricing point
MAX_ITERATIONS = 20_000
DECOMPOSE_SMOOTH = 0.5
DECOMPOSE_TOL = 1e-10  # total shortfall below which the relaxation's leximin is attained
NEIGHBOURS = 10  # one-swap neighbours of each priced panel tried as extra columns


class PanelPool:
    """Distinct panels (class-count vectors) found so far, also kept as a matrix."""

    def __init__(self, m: int) -> None:
        self.m = m
        self.keys: dict[bytes, int] = {}
        self.panels: list[np.ndarray] = []
        self._matrix = np.zeros((64, m))

    def add(self, counts: np.ndarray) -> bool:
        key = counts.astype(np.int32).tobytes()
        if key in self.keys:
            return False
        self.keys[key] = len(self.panels)
        if len(self.panels) == len(self._matrix):
            self._matrix = np.vstack([self._matrix, np.zeros_like(self._matrix)])
        self._matrix[len(self.panels)] = counts
        self.panels.append(counts.astype(np.int64))
        return True

    def find(self, counts: np.ndarray) -> int:
        """Index of ``counts`` in the pool, adding it if new."""
        self.add(counts)
        return self.keys[counts.astype(np.int32).tobytes()]

    def matrix(self) -> np.ndarray:
        return self._matrix[: len(self.panels)].copy()

    def values(self, weights: np.ndarray) -> np.ndarray:
        return self._matrix[: len(self.panels)] @ weights


def _lp_options(h: highspy.Highs) -> None:
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("primal_feasibility_tolerance", LP_TOL)
    h.setOptionValue("dual_feasibility_tolerance", LP_TOL)


class Master:
    """The restricted stage LP over the panel pool: columns z, p_0, p_1, ...

    Row 0 is sum p = 1; row 1 + t belongs to class t: sum_P p_P c_Pt / size_t - z >= 0
    while t is open, sum_P p_P c_Pt / size_t >= f_t - FIX_SLACK once t is fixed.
    """

    def __init__(self, inst: Instance) -> None:
        self.m = len(inst.classes)
        self.inv_size = 1.0 / inst.class_size
        self.h = highspy.Highs()
        _lp_options(self.h)
        # Adding columns keeps the basis primal feasible: primal simplex warm-starts well.
        self.h.setOptionValue("simplex_strategy", 4)
        self.h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        m = self.m
        self.h.addRows(
            m + 1,
            np.r_[1.0, np.zeros(m)],
            np.r_[1.0, np.full(m, INF)],
            0,
            np.zeros(m + 1, dtype=np.int32),
            np.zeros(0, dtype=np.int32),
            np.zeros(0),
        )
        # z in [0, 1]: z = 0 is always feasible, so the master never is infeasible.
        rows = np.arange(1, m + 1, dtype=np.int32)
        self.h.addCol(1.0, 0.0, 1.0, m, rows, np.full(m, -1.0))
        self.columns = 0

    def add_panels(self, panels: list[np.ndarray]) -> None:
        for counts in panels:
            nz = np.flatnonzero(counts)
            rows = np.r_[0, nz + 1].astype(np.int32)
            vals = np.r_[1.0, counts[nz] * self.inv_size[nz]]
            self.h.addCol(0.0, 0.0, INF, len(rows), rows, vals)
            self.columns += 1

    def fix(self, classes: list[int], value: float) -> None:
        for t in classes:
            self.h.changeCoeff(t + 1, 0, 0.0)
            self.h.changeRowBounds(t + 1, max(0.0, value - FIX_SLACK), INF)

    def lower(self) -> np.ndarray:
        """Per class: the fixed lower bound (0 for open classes)."""
        return np.array(self.h.getLp().row_lower_)[1:]

    def solve(self) -> tuple[float, np.ndarray, np.ndarray]:
        """(stage value z, class duals y >= 0, panel weights p)."""
        self.h.run()
        status = self.h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"leximin master LP: {self.h.modelStatusToString(status)}")
        sol = self.h.getSolution()
        x = np.array(sol.col_value)
        y = np.maximum(-np.array(sol.row_dual)[1:], 0.0)
        return float(x[0]), y, np.maximum(x[1:], 0.0)


class Relaxation:
    """The stage LP over the LP relaxation of the panel polytope (expected class counts).

    Its value bounds the stage value from above and its duals are a good first stability
    centre for pricing.
    """

    def __init__(self, inst: Instance) -> None:
        m = len(inst.classes)
        self.m = m
        self.h = highspy.Highs()
        _lp_options(self.h)
        self.h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        size = inst.class_size.astype(np.float64)
        # columns: x_0..x_{m-1} (expected counts), z
        self.h.addVars(m + 1, np.zeros(m + 1), np.r_[size, 1.0])
        self.h.changeColCost(m, 1.0)
        self.h.addRow(inst.k, inst.k, m, np.arange(m, dtype=np.int32), np.ones(m))
        for q, members in zip(inst.quotas, inst.quota_classes, strict=True):
            idx = np.array(members, dtype=np.int32)
            self.h.addRow(q.min, q.max, len(idx), idx, np.ones(len(idx)))
        for hh in inst.households:
            idx = np.array(hh, dtype=np.int32)
            self.h.addRow(-INF, 1.0, len(idx), idx, np.ones(len(idx)))
        self.first = self.h.getNumRow()
        self.counts = np.zeros(m)  # expected class counts of the last solution
        for t in range(m):
            self.h.addRow(
                0.0, INF, 2, np.array([t, m], dtype=np.int32), np.array([1.0 / size[t], -1.0])
            )

    def fix(self, classes: list[int], value: float, slack: float = FIX_SLACK) -> None:
        for t in classes:
            self.h.changeCoeff(self.first + t, self.m, 0.0)
            self.h.changeRowBounds(self.first + t, max(0.0, value - slack), INF)

    def solve(self) -> tuple[float, np.ndarray] | None:
        self.h.run()
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        sol = self.h.getSolution()
        y = np.maximum(-np.array(sol.row_dual)[self.first :], 0.0)
        self.counts = np.array(sol.col_value)[: self.m]
        return float(np.array(sol.col_value)[self.m]), y


def relaxation_leximin(inst: Instance, relax: Relaxation | None = None) -> np.ndarray:
    """Leximin expected class counts over the LP relaxation of the panel polytope.

    The relaxation contains every distribution's expected counts, so this point leximin-
    dominates the true leximin; when a distribution over allowed panels attains it, it *is*
    the leximin (leximin probabilities are unique).  We return the last LP's solution, not
    the stage values: it meets every row to the LP tolerance, whereas the stage values,
    rounded per class, can miss a quota by the sum of hundreds of rounding errors.
    """
    relax = relax or Relaxation(inst)
    m = len(inst.classes)
    is_open = np.ones(m, dtype=bool)
    newly: list[int] = []
    z = 0.0
    while is_open.any():
        solved = relax.solve()
        slack = FIX_SLACK
        while solved is None and newly and slack < MAX_FIX_SLACK:
            # The stage value carries the LP's rounding; fixing dozens of classes at it can
            # leave the next stage a hair infeasible.  Loosen the last fix until it is not.
            slack *= 10
            relax.fix(newly, z, slack)
            solved = relax.solve()
        if solved is None:
            raise RuntimeError("LP relaxation of the leximin stage failed")
        z, y = solved
        open_idx = np.flatnonzero(is_open)
        newly = [int(t) for t in open_idx if y[t] > EPS_FIX]
        if not newly:
            newly = [int(open_idx[np.argmax(y[open_idx])])]
        is_open[newly] = False
        relax.fix(newly, z)
    return np.clip(relax.counts, 0.0, inst.class_size)


class Decomposition:
    """min total shortfall s.t. sum_P p_P pi(P) + s >= target, sum p = 1 (columns added)."""

    def __init__(self, inst: Instance, target: np.ndarray) -> None:
        m = len(inst.classes)
        self.m = m
        self.inv_size = 1.0 / inst.class_size
        self.h = highspy.Highs()
        _lp_options(self.h)
        self.h.setOptionValue("simplex_strategy", 4)
        lower = np.maximum(target - FIX_SLACK, 0.0)
        self.h.addRows(
            m + 1,
            np.r_[1.0, lower],
            np.r_[1.0, np.full(m, INF)],
            0,
            np.zeros(m + 1, dtype=np.int32),
            np.zeros(0, dtype=np.int32),
            np.zeros(0),
        )
        # shortfall columns s_t (cost 1) and an artificial "empty panel" a (cost 1) for row 0
        for t in range(m):
            self.h.addCol(1.0, 0.0, INF, 1, np.array([t + 1], dtype=np.int32), np.array([1.0]))
        self.h.addCol(1.0, 0.0, INF, 1, np.array([0], dtype=np.int32), np.array([1.0]))
        self.first = m + 1
        self.cols: list[int] = []  # pool index of each panel column
        self.in_lp: set[int] = set()

    def add_pool(self, indices: list[int], pool: PanelPool) -> None:
        indices = [i for i in dict.fromkeys(indices) if i not in self.in_lp]
        self.add_panels([pool.panels[i] for i in indices])
        self.cols.extend(indices)
        self.in_lp.update(indices)

    def add_panels(self, panels: list[np.ndarray]) -> None:
        for counts in panels:
            nz = np.flatnonzero(counts)
            rows = np.r_[0, nz + 1].astype(np.int32)
            vals = np.r_[1.0, counts[nz] * self.inv_size[nz]]
            self.h.addCol(0.0, 0.0, INF, len(rows), rows, vals)

    def solve(self) -> tuple[float, float, np.ndarray, np.ndarray]:
        """(shortfall, dual of sum p = 1, class duals u >= 0, panel weights)."""
        self.h.run()
        status = self.h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"decomposition LP: {self.h.modelStatusToString(status)}")
        sol = self.h.getSolution()
        duals = np.array(sol.row_dual)
        x = np.array(sol.col_value)
        obj = self.h.getInfo().objective_function_value
        return obj, float(duals[0]), np.maximum(duals[1:], 0.0), np.maximum(x[self.first :], 0.0)


def _decompose(
    inst: Instance,
    target: np.ndarray,
    mip: PanelMIP,
    search: SwapSearch,
    pool: PanelPool,
    log,
    stats: dict,
) -> np.ndarray | None:
    """Weights over ``pool`` with probabilities >= target, or None when target is not
    attainable (the pricing MIP proves a positive shortfall)."""
    size = inst.class_size.astype(np.float64)
    dec = Decomposition(inst, target)
    dec.add_pool(list(range(len(pool.panels))), pool)
    t_lp = t_mip = 0.0
    iterations = 0
    lower = np.maximum(target - FIX_SLACK, 0.0)
    center = None
    lb_best = -INF
    alpha = DECOMPOSE_SMOOTH
    while True:
        iterations += 1
        if iterations > MAX_ITERATIONS:
            raise RuntimeError("leximin decomposition did not converge")
        t0 = time.perf_counter()
        short, mu, u, p = dec.solve()
        t_lp += time.perf_counter() - t0
        if short <= DECOMPOSE_TOL:
            break
        w = u / size
        # Wentges smoothing: price at a mix of the best-bound dual point and the master's.
        u_sep = u if center is None or alpha == 0.0 else alpha * center + (1 - alpha) * u
        w_sep = u_sep / size
        start = pool.panels[int(np.argmax(pool.values(w_sep)))]
        t0 = time.perf_counter()
        counts, bound = mip.price(w_sep, start=start)
        t_mip += time.perf_counter() - t0
        lb = float(u_sep @ lower) - bound  # Lagrangian lower bound on the shortfall
        if center is None or lb > lb_best:
            lb_best, center = lb, u_sep
        if u_sep is not u:
            if float(w @ counts) + mu <= 1e-12:
                alpha = 0.0  # mispricing: price at the master's duals next time
                continue
        else:
            alpha = DECOMPOSE_SMOOTH
        if counts is None:
            raise RuntimeError("pricing MIP failed on a feasible instance")
        # reduced cost of a panel: -(mu + w.c); it improves when w.c > -mu
        new = [
            i
            for c in [counts, *search.neighbours(counts, w, NEIGHBOURS)]
            if float(w @ c) + mu > 1e-12 and (i := pool.find(c)) not in dec.in_lp
        ]
        if not new and u_sep is not u:
            alpha = 0.0
            continue
        if not new:
            # No improving panel: the target is not attainable (or, if the MIP bound is not
            # tight enough to say so, undecided); either way the exact stages take over.
            proven = bound + mu <= 1e-9
            log(
                f"  decomposition: target {'not attainable' if proven else 'undecided'} "
                f"(shortfall {short:.3g}); running the stages"
            )
            stats.update(decompose_iterations=iterations, decompose_lp=t_lp, decompose_mip=t_mip)
            return None
        dec.add_pool(new, pool)
        if iterations % 25 == 0:
            log(
                f"  decomposition iteration {iterations}: shortfall {short:.3g}, "
                f"pool {len(pool.panels)}, columns {len(dec.cols)}, LP {t_lp:.1f} s, MIP {t_mip:.1f} s"
            )
    stats.update(decompose_iterations=iterations, decompose_lp=t_lp, decompose_mip=t_mip)
    log(f"decomposition: {iterations} iterations, LP {t_lp:.1f} s, MIP {t_mip:.1f} s")
    weights = np.zeros(len(pool.panels))
    weights[dec.cols] = p
    return weights


def leximin(
    inst: Instance,
    *,
    log: Callable[[str], None] | None = None,
    stats: dict | None = None,
    method: str = "auto",
) -> tuple[np.ndarray, np.ndarray]:
    """Leximin distribution: (panels as class counts [v x m], weights [v]).

    ``method="auto"`` first tries to attain the LP relaxation's leximin (one column
    generation, exact when it succeeds) and falls back to the stages of Flanigan et al.;
    ``"stages"`` goes straight to the stages.  ``stats`` (a dict) receives counters.
    """
    log = log or (lambda _msg: None)
    stats = stats if stats is not None else {}
    m = len(inst.classes)
    size = inst.class_size.astype(np.float64)
    mip = PanelMIP(inst)
    first = mip.best(np.zeros(m))
    if first is None:
        raise InfeasibleQuotasError(minimal_relaxation(inst))
    pool = PanelPool(m)
    pool.add(first)
    master = Master(inst)
    master.add_panels([first])
    search = SwapSearch(inst)
    # Fast path: the leximin of the LP relaxation, if some distribution attains it.
    p = None
    if method == "auto":
        point = relaxation_leximin(inst)
        target = point / size
        log(f"LP relaxation leximin: minimum {target.min():.6f}")
        peel_started = time.perf_counter()
        peeled = peel(inst, point, mip)
        for panel in peeled.panels:
            pool.add(panel)
        stats.update(
            peel_panels=len(peeled.panels),
            peel_complete=peeled.complete,
            peel_seconds=time.perf_counter() - peel_started,
        )
        log(
            f"peeling: {len(peeled.panels)} panels, "
            f"{'complete' if peeled.complete else f'{peeled.remaining:.3g} left'}, "
            f"{stats['peel_seconds']:.1f} s"
        )
        p = _decompose(inst, target, mip, search, pool, log, stats)
    elif method != "stages":
        raise ValueError(f"unknown leximin method {method!r}")
    if p is not None:
        stats.update(method="relaxation")
        p[p < 1e-11] = 0.0
        p = p / p.sum()
        keep = p > 0
        return pool.matrix()[keep].astype(np.int64), p[keep]
    stats.update(method="stages")
    master.add_panels(pool.panels[1:])
    relax = Relaxation(inst)
    is_open = np.ones(m, dtype=bool)
    uniform = inst.k / inst.n
    stage = iterations = pricing = 0
    t_lp = t_mip = 0.0
    stage_values: list[float] = []
    previous = 0.0
    p = np.ones(1)
    while is_open.any():
        stage += 1
        lower = np.where(is_open, 0.0, master.lower())
        relaxed = relax.solve()
        if relaxed is not None:
            ub_best, center = relaxed
        else:  # pragma: no cover - numerical trouble in the relaxation: no centre
            ub_best, center = 1.0, None
        alpha = SMOOTH if center is not None else 0.0
        while True:
            iterations += 1
            if iterations > MAX_ITERATIONS:
                raise RuntimeError("leximin column generation did not converge")
            t0 = time.perf_counter()
            z, y, p = master.solve()
            t_lp += time.perf_counter() - t0
            s = y[is_open].sum()
            if s > 0:
                y = y / s
            w = y / size
            threshold = float(pool.values(w).max())
            if ub_best <= z + STAGE_TOL:
                alpha = 0.0  # the bound is met: only the proof at the master's duals is left
            y_sep = y if alpha == 0.0 else alpha * center + (1 - alpha) * y
            w_sep = y_sep / size
            start = pool.panels[int(np.argmax(pool.values(w_sep)))]
            t0 = time.perf_counter()
            counts, bound = mip.price(w_sep, start=start)
            t_mip += time.perf_counter() - t0
            pricing += 1
            if counts is None:
                raise RuntimeError("pricing MIP failed on a feasible instance")
            ub = bound - float(y_sep @ lower)
            if ub < ub_best:
                ub_best, center = ub, y_sep
            improving = float(w @ counts) > threshold + 1e-12 and pool.add(counts)
            new = [counts] if improving else []
            # Panels next to a good one are often good too: try its best one-swap
            # neighbours for the master's duals (many columns per MIP call).
            for c in search.neighbours(counts, w, NEIGHBOURS):
                if float(w @ c) > threshold + 1e-12 and pool.add(c):
                    new.append(c)
            if new:
                master.add_panels(new)
            improving = bool(new)
            if alpha == 0.0:
                if bound <= threshold + STAGE_TOL:
                    break  # y is an optimal dual of the full stage problem
                if not improving:
                    raise RuntimeError("pricing found no new panel but could not prove optimality")
                alpha = SMOOTH if ub_best > z + STAGE_TOL else 0.0
            elif not improving:
                alpha = 0.0  # mispricing: price at the master's duals next
            if iterations % 25 == 0:
                log(
                    f"  iteration {iterations}: value {z:.6f}, bound {ub_best:.6f}, "
                    f"pool {len(pool.panels)}, LP {t_lp:.1f} s, MIP {t_mip:.1f} s"
                )
        z = max(z, previous)
        stage_values.append(z)
        open_idx = np.flatnonzero(is_open)
        if stage == 1 and z >= uniform - 1e-7:
            log(f"stage {stage}: value {z:.6f} = k/n, uniform leximin")
            is_open[:] = False
            break
        newly = [int(t) for t in open_idx if y[t] > EPS_FIX]
        if not newly:  # numerical corner: fix the open class with the largest dual value
            newly = [int(open_idx[np.argmax(y[open_idx])])]
        is_open[newly] = False
        master.fix(newly, z)
        relax.fix(newly, z)
        previous = z
        log(
            f"stage {stage}: value {z:.6f}, fixed {len(newly)} classes "
            f"({m - int(is_open.sum())}/{m}), pool {len(pool.panels)}, "
            f"iterations {iterations}, LP {t_lp:.1f} s, MIP {t_mip:.1f} s"
        )
    stats.update(
        stages=stage,
        stage_values=stage_values,
        iterations=iterations,
        pricing_calls=pricing,
        lp_seconds=t_lp,
        mip_seconds=t_mip,
        pool=len(pool.panels),
    )
    p[p < 1e-11] = 0.0
    p = p / p.sum()
    keep = p > 0
    return pool.matrix()[keep].astype(np.int64), p[keep]


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start
