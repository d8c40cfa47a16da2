"""Fast, provably exact Method of Equal Shares for approval ballots with cost utilities.

With cost utilities every supporter of project ``c`` has utility ``cost_c``, so buying ``c`` at
price ``rho`` means each supporter pays ``min(b_i, q)`` with ``q = rho * cost_c``: only the
budgets of the supporters matter.  The price of a project is found from its supporters' float
budgets (gathered through a precomputed supporter list, CSC): if the cheapest supporter can pay
``cost / supporters`` that is the price, otherwise the budgets are sorted and ``q`` (which
solves ``sum_i min(b_i, q) = cost``) is found by Newton's method from below
(:func:`_water_level`), which only sums the budgets of the supporters who run short.

Lazy evaluation.  A project's ``rho`` never falls from one round to the next (budgets only
fall), so the value computed in an earlier round is a lower bound.  Projects sit in a heap keyed
by that bound (initially ``1 / supporters``, which no price can beat); a round re-prices only the
projects whose bound is at most the best price found so far in the round, usually one or two.

Exactness.  Voters are also kept in *budget classes*: class 0 holds the voters with nothing
left; class ``c > 0`` holds the voters who paid the full price ``q_t`` in exactly the rounds
``t`` marked in ``T[c]``, so its exact budget is ``b0 - sum_{t in T[c]} q_t`` (integer weights
per round, one Fraction per round).  The floats choose; Fractions confirm:

* the error of a float price is bounded: ``q`` is ``(cost - S) / R`` with ``S`` the sum of the
  ``p`` budgets that run short, so ``|q_float - q| <= 4 (s err_b + (p + 2) u (S + cost)) + 8 u q``
  with ``s`` supporters, ``u = 2**-53`` and ``err_b`` the bound on every float budget.  Every project whose float
  ``rho`` interval overlaps the best one's is recomputed exactly, and the winner is chosen among
  them with exact comparisons and the tie rule;
* affordability (``sum of supporters' budgets >= cost``) is recomputed exactly whenever the
  float sum is within its error bound of the cost;
* the price the winner's supporters pay and their new budgets are always computed exactly.

So every decision equals the one exact arithmetic makes; the tests compare this module with
:mod:`meedoen.pb.mes_exact` and pabutools on random and real instances.

Float screen (add1).  add1 runs MES once per step but only needs the *selection* of all steps
but the last.  :func:`mes_selection_screen` runs MES on float budgets alone (no classes, no
Fractions) while tracking a rigorous bound ``E`` on every budget's error: a price computed from
budgets that are each within ``E`` of the exact ones is within ``E * N / R`` of the exact price
(``N`` supporters at or below it, ``R`` above; see :func:`_screen_price`), plus the rounding of
the float formula.  A decision is only taken when the floats decide it beyond these bounds;
otherwise the screen gives up and the exact path runs that step.  On Warszawa 2026 the bound
ends a run at a median ``2e-5`` of the initial budget (at most ``1e-2``, in late rounds where
most supporters are short), and the screen decides every one of the 185 add1 steps.
"""

from __future__ import annotations

import heapq
import itertools
import math
import operator
from fractions import Fraction

import numpy as np

from .mes_exact import MESPurchase, MESRun

U = 2.0**-53  # unit round-off of float64
COMPACT_AT = 4096  # drop empty budget classes once there are more than this many


class ApprovalData:
    """Arrays shared by all MES runs on one approval instance (built once, reused by add1)."""

    def __init__(self, indptr, indices, n_projects: int, costs: list[Fraction], rank) -> None:
        indptr = np.asarray(indptr, dtype=np.int64)
        indices = np.asarray(indices)
        self.n_voters = n = len(indptr) - 1
        self.n_projects = n_projects
        self.costs = costs
        self.cost_f = np.array([float(c) for c in costs], dtype=np.float64)
        # exact costs for running totals: plain ints when every cost is whole (faster)
        self.cost_list = self.cost_f.tolist()
        whole = all(c.denominator == 1 for c in costs)
        self.cost_exact = [c.numerator for c in costs] if whole else list(costs)
        self.rank = np.asarray(rank, dtype=np.int64)
        self.rank_list = self.rank.tolist()
        # stable sort by project; small integer keys sort by radix (linear time)
        key = indices.astype(np.int16) if n_projects < 2**15 else indices
        order = np.argsort(key, kind="stable")
        entry_voter = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr))
        csc_voters = entry_voter[order]
        self.support = np.bincount(indices, minlength=n_projects).astype(np.int64)
        ptr = np.zeros(n_projects + 1, dtype=np.int64)
        np.cumsum(self.support, out=ptr[1:])
        #: voters supporting project j, ascending (CSC)
        self.supporters = [csc_voters[ptr[j] : ptr[j + 1]] for j in range(n_projects)]
        # MES candidates: supported projects with a positive cost (a free project gives no
        # cost utility, exactly as pabutools' Cost_Sat).
        self.candidates = np.flatnonzero((self.support > 0) & (self.cost_f > 0))
        # the initial lazy heap: q >= cost / supporters, so rho >= 1 / supporters (rounded
        # down); sorted, hence already a heap
        self.initial_heap = sorted(
            (1.0 / s * (1 - 4 * U), self.rank_list[j], j)
            for j, s in zip(
                self.candidates.tolist(), self.support[self.candidates].tolist(), strict=True
            )
        )

    @classmethod
    def from_instance(cls, instance, rank) -> ApprovalData:
        return cls(instance.indptr, instance.indices, instance.n_projects, instance.costs, rank)


def _exact_q(cost: Fraction, counts: list[tuple[Fraction, int]]) -> Fraction | None:
    """Smallest q with sum_k cnt_k * min(v_k, q) >= cost (None if unaffordable)."""
    counts.sort()
    paid = Fraction(0)
    rich = sum(k for _, k in counts)
    for v, k in counts:
        q = (cost - paid) / rich
        if q <= v:
            return q
        paid += k * v
        rich -= k
    return None


class _Classes:
    """Budget classes (see the module docstring): exact values on demand and float values
    ``vfl`` (all within ``err`` of the exact ones).

    Exact sums avoid Fraction arithmetic per term: all prices ``q_t`` are kept as integers
    ``A[t] = q_t * L`` over one common denominator ``L`` (and ``b0 * L``), so a sum over
    classes is one integer dot product and a single Fraction."""

    def __init__(self, b0: Fraction, n_projects: int) -> None:
        self.b0 = b0
        self.q: list[Fraction] = []
        self.L = b0.denominator
        self.b0L = b0.numerator
        self.A: list[int] = []
        self.cap = 1024
        self.m = 2
        self.T = np.zeros((self.cap, n_projects + 1), dtype=np.int8)
        self.vfl = np.zeros(self.cap)
        self.vfl[1] = float(b0)
        # bound on |vfl - exact value| for every class
        self.err = 2 * U * float(b0)
        self.compact_at = COMPACT_AT

    def add_price(self, q: Fraction) -> None:
        d = q.denominator
        g = math.gcd(self.L, d)
        f = d // g
        if f != 1:
            self.L *= f
            self.b0L *= f
            self.A = [a * f for a in self.A]
        self.A.append(q.numerator * (self.L // d))
        self.q.append(q)

    def grow(self, need: int) -> None:
        while self.m + need > self.cap:
            self.cap *= 2
            self.T = np.concatenate((self.T, np.zeros_like(self.T)))
            self.vfl = np.concatenate((self.vfl, np.zeros_like(self.vfl)))

    def exact_num(self, classes: np.ndarray, counts: np.ndarray) -> int:
        """``L * sum_k counts_k * value(classes_k)``, an integer (classes > 0)."""
        if len(classes) == 0:
            return 0
        t = len(self.q)
        num = int(counts.sum()) * self.b0L
        if t:
            # integer weights per round; float64 BLAS is exact here (sums < 2**53)
            w = (counts.astype(np.float64) @ self.T[classes, :t]).astype(np.int64).tolist()
            num -= sum(map(operator.mul, w, self.A))
        return num

    def exact_sum(self, classes: np.ndarray, counts: np.ndarray) -> Fraction:
        """sum_k counts_k * value(classes_k) exactly (classes > 0)."""
        return Fraction(self.exact_num(classes, counts), self.L)

    def value(self, c: int) -> Fraction:
        if not c:
            return Fraction(0)
        row = self.T[c, : len(self.q)].tolist()
        return Fraction(self.b0L - sum(itertools.compress(self.A, row)), self.L)


def _exact_q_classes(cl: _Classes, row: np.ndarray, cost: Fraction, q_f: float, err: float):
    """Exact price q for a project whose supporters per class are ``row`` (and the classes
    ``nz > 0`` holding them); the float estimate ``q_f`` (error <= ``err``) decides which
    classes are certainly poor/rich."""
    nz = np.flatnonzero(row[1 : cl.m]) + 1
    cnt = row[nz]
    vals = cl.vfl[nz]
    margin = err + cl.err
    poor = vals < q_f - margin
    rich = vals > q_f + margin
    amb = ~(poor | rich)
    R = int(cnt[~poor].sum())
    if not amb.any() and R:
        # common case, in integers: q = (cost - paid) / R with paid = num / L
        num = cl.exact_num(nz[poor], cnt[poor])
        q = Fraction(cost.numerator * cl.L - num * cost.denominator, cost.denominator * cl.L * R)
        if abs(float(q) - q_f) <= 0.5 * err:
            # the error bound held, so every class classified above is on the right side of q
            return q, nz
    paid = cl.exact_sum(nz[poor], cnt[poor])
    if amb.any():
        items = sorted((cl.value(int(c)), int(k)) for c, k in zip(nz[amb], cnt[amb], strict=True))
        for v, k in items:
            if R and (cost - paid) / R <= v:
                break
            paid += k * v
            R -= k
    if R == 0:
        return None, nz
    q = (cost - paid) / R
    ok = True
    if rich.any():
        ok = q <= cl.value(int(nz[rich][np.argmin(vals[rich])]))
    if ok and poor.any():
        ok = cl.value(int(nz[poor][np.argmax(vals[poor])])) <= q
    if not ok:  # cannot happen with correct error bounds; stay exact regardless
        items = [(cl.value(int(c)), int(k)) for c, k in zip(nz, cnt, strict=True)]
        return _exact_q(cost, items), nz
    return q, nz


def _water_level(xs: np.ndarray, c: float) -> tuple[float, int, float]:
    """For sorted budgets ``xs`` of an affordable project: the float price ``q`` (solving
    ``sum_i min(xs_i, q) = c``), the number ``p`` of supporters below it and the float sum
    ``S`` of their budgets (``q = (c - S) / (len(xs) - p)``).

    Newton's method from below on the concave ``sum_i min(xs_i, q)``: each step makes the
    supporters below the current ``q`` pay everything and splits the rest equally; it only
    adds the new poor supporters' budgets, so it usually touches a small part of ``xs``.
    After a few dozen steps it falls back to cumulative sums over all of ``xs``."""
    s = len(xs)
    add = np.add.reduce
    p = int(xs.searchsorted(c / s))
    S = float(add(xs[:p])) if p else 0.0
    for _ in range(32):
        if p >= s:
            break
        q = (c - S) / (s - p)
        p2 = int(xs.searchsorted(q))
        if p2 <= p:
            return q, p, S
        S += float(add(xs[p:p2]))
        p = p2
    prev = np.empty(s)
    prev[0] = 0.0
    np.cumsum(xs[:-1], out=prev[1:])
    Q = (c - prev) / np.arange(s, 0, -1, dtype=np.float64)
    valid = xs >= Q
    p = int(np.argmax(valid))
    if not valid[p]:  # float noise at the top: the last breakpoint
        p = s - 1
    return float(Q[p]), p, float(prev[p])


def _float_price(x: np.ndarray, c: float, err_b: float) -> tuple[float, float]:
    """Float price ``q`` (``sum_i min(x_i, q) = c``) of an affordable project whose
    supporters have the budgets ``x``, and a rigorous bound on its error."""
    s = len(x)
    q = c / s
    if x.min() >= q:  # nobody runs short: everyone pays cost / supporters
        return q, 4 * (s * err_b + 2 * U * c) + 4 * U * q
    q, p, S = _water_level(np.sort(x), c)
    return q, 4 * (s * err_b + (p + 2) * U * (S + c)) + 8 * U * q


def mes_approval(
    data: ApprovalData,
    total_budget: Fraction,
    *,
    available: bool = True,
    stop_above: Fraction | None = None,
) -> MESRun:
    """MES with cost utilities and ``total_budget`` split equally over all voters.

    ``available=False`` leaves ``run.available`` empty (saves one exact sum per project).
    With ``stop_above`` the run stops as soon as the projects bought so far cost more than
    that amount (add1 only needs to know that a step overshoots the real budget); the
    purchases up to that point are the same as in the full run."""
    n = data.n_voters
    run = MESRun(budget_per_voter=Fraction(total_budget) / n if n else Fraction(0))
    if n == 0 or len(data.candidates) == 0:
        return run
    return _mes(data, run, available, stop_above)


def _mes(data: ApprovalData, run: MESRun, with_available: bool, stop_above) -> MESRun:
    n = data.n_voters
    P = data.n_projects
    b0 = run.budget_per_voter
    b0f = float(b0)
    cl = _Classes(b0, P)
    cls = np.ones(n, dtype=np.int64)
    bud = np.full(n, b0f)
    costs = data.costs
    cost_f = data.cost_f
    rank = data.rank_list
    sups = data.supporters
    heap = list(data.initial_heap)
    purchased: set[int] = set()
    spent = 0

    while heap:
        evaluated = []
        best_hi = math.inf
        while heap and heap[0][0] <= best_hi:
            _, _, j = heapq.heappop(heap)
            sup = sups[j]
            x = bud.take(sup)
            s = len(x)
            c = float(cost_f[j])
            tot = float(x.sum())
            slack = 4 * (s * cl.err + (s + 2) * U * (tot + c))
            if tot >= c + slack:
                ok = True
            elif tot < c - slack:
                ok = False
            else:
                row = np.bincount(cls[sup], minlength=cl.m)
                nz = np.flatnonzero(row[1:]) + 1
                ok = cl.exact_sum(nz, row[nz]) >= costs[j]
                run.exact_fallback = True
            if not ok:
                continue
            q, err_q = _float_price(x, c, cl.err)
            rho = q / c
            err_rho = err_q / c + 4 * U * rho
            if rho + err_rho < best_hi:
                best_hi = rho + err_rho
            evaluated.append((rho, err_rho, q, err_q, j))
        if not evaluated:
            break
        # -- choose: every project whose price interval meets the best one, exactly
        cand = []
        for rho, err_rho, q, err_q, j in evaluated:
            if rho - err_rho <= best_hi:
                row = np.bincount(cls[sups[j]], minlength=cl.m)
                qq, nz = _exact_q_classes(cl, row, costs[j], q, err_q)
                assert qq is not None
                cand.append((qq / costs[j], rank[j], j, qq, row, nz))
        if len(cand) > 1:
            cand.sort(key=lambda e: (e[0], e[1]))
        rho_x, _, j, qx, row, touched = cand[0]
        for rho, err_rho, _, _, k in evaluated:
            if k != j:
                heapq.heappush(heap, (rho - err_rho, rank[k], k))
        purchased.add(j)
        # -- pay: rich classes (value > q) lose q and get round t marked; poor ones go to 0
        t = len(cl.q)
        cl.add_price(qx)
        q_f = float(qx)
        m = cl.m
        tv = cl.vfl[touched]
        margin = cl.err + 2 * U * q_f
        is_rich = tv > q_f + margin
        for k in np.flatnonzero(~is_rich & (tv >= q_f - margin)).tolist():
            is_rich[k] = cl.value(int(touched[k])) > qx
        rich_c = touched[is_rich]
        if len(rich_c):
            price = qx
        elif len(touched):
            price = cl.value(int(touched[np.argmax(tv)]))
        else:
            price = Fraction(0)
        run.purchases.append(MESPurchase(j, rho_x, price, 1 / rho_x))
        if stop_above is not None:
            spent += data.cost_exact[j]
            if spent > stop_above:
                return run
        cl.grow(len(rich_c))
        remap = np.arange(m, dtype=np.int64)
        remap[touched] = 0
        new_ids = np.arange(cl.m, cl.m + len(rich_c))
        remap[rich_c] = new_ids
        cl.T[new_ids] = cl.T[rich_c]
        cl.T[new_ids, t] = 1
        cl.vfl[new_ids] = cl.vfl[rich_c] - q_f
        cl.m += len(rich_c)
        cl.err += 3 * U * b0f
        sup = sups[j]
        new = remap[cls[sup]]
        cls[sup] = new
        bud[sup] = cl.vfl[new]
        if cl.m > cl.compact_at:
            _compact(cl, cls)
            cl.compact_at = max(COMPACT_AT, 2 * cl.m)
    if with_available:
        for j in data.candidates.tolist():
            if j not in purchased:
                row = np.bincount(cls[sups[j]], minlength=cl.m)
                nz = np.flatnonzero(row[1:]) + 1
                run.available[j] = cl.exact_sum(nz, row[nz])
    return run


def _compact(cl: _Classes, cls: np.ndarray, force: bool = False) -> None:
    """Drop classes nobody is in any more (keeps the class table small over long runs);
    only worth it when at least half of them are empty (or when ``force``d, for tests)."""
    used = np.bincount(cls, minlength=cl.m) > 0
    used[:2] = True
    if not force and used.sum() * 2 > cl.m:
        return
    keep = np.flatnonzero(used)
    new_id = np.full(cl.m, -1, dtype=np.int64)
    new_id[keep] = np.arange(len(keep))
    k = len(keep)
    cl.T[:k] = cl.T[keep]
    cl.T[k : cl.m] = 0
    cl.vfl[:k] = cl.vfl[keep]
    cl.m = k
    cls[:] = new_id[cls]


# -- float screening for add1 ----------------------------------------------------------------
SCREEN_WINDOW = 1e-4  # relative width of the window in which the price's error is bounded


def _screen_price(x: np.ndarray, c: float, E: float) -> tuple[float, float] | None:
    """Float price of an affordable project from float budgets ``x`` that are each within
    ``E`` of the exact budgets ``v``, and a rigorous bound on ``|q_float - q_exact|``; None
    when no useful bound follows.

    ``q_hat`` (the exact price of ``x``) is within ``e_round`` of the float price (the bound
    of :func:`_float_price` with exact inputs).  For the perturbation ``x -> v``: with
    ``F_v(q) = sum_i min(v_i, q)`` and ``t`` above both prices, ``|F_v - F_x| <= E * N`` where
    ``N = #{x_i < t}``, while ``F`` grows at least at rate ``R = #{x_i >= t}`` up to ``t - E``;
    so ``|q_hat - q_exact| <= E * N / R`` as long as that keeps both prices below ``t - E``."""
    s = len(x)
    xs = x.copy()
    xs.sort()
    q = c / s
    if xs[0] >= q:  # nobody runs short
        e_round = 4 * (2 * U * c / s + U * q)
    else:
        q, p, S = _water_level(xs, c)
        # (c - S) / (s - p): the numerator's error, then one rounded division
        e_round = 4 * ((p + 2) * U * (S + c) / (s - p) + 2 * U * q)
    w = SCREEN_WINDOW * q + 4 * (E + e_round)
    for _ in range(3):  # widen the window until it holds the bound
        n_low = int(xs.searchsorted(q + w))
        rich = s - n_low
        if rich == 0:
            return None
        e_lip = E * n_low / rich * (1 + 8 * U * (s + 2))
        if e_round + E + e_lip < w * (1 - 4 * U):
            return q, (e_round + e_lip) * (1 + 4 * U)
        w = 4 * (e_round + E + e_lip)
    return None


def mes_selection_screen(
    data: ApprovalData, total_budget: Fraction, stop_above: Fraction | None = None
) -> list[int] | None:
    """The projects MES buys (in order), computed in floats only, or None.

    Every float budget is kept within a rigorous bound ``E`` of the exact budget; every
    decision (affordable or not, the winner of a round) is only taken when the float values
    decide it with their error bounds, otherwise the function gives up (None) and the caller
    runs the exact path.  So a list returned is exactly the exact run's selection (with
    ``stop_above``: its prefix up to the first purchase that makes the total cost exceed it).
    add1 uses this for its intermediate steps, where only the selection matters."""
    n = data.n_voters
    if n == 0 or len(data.candidates) == 0:
        return []
    b0f = float(Fraction(total_budget) / n)
    x = np.full(n, b0f)
    E = U * b0f  # |x_i - exact budget_i| <= E for every voter
    cost_f = data.cost_list
    rank = data.rank_list
    sups = data.supporters
    heap = list(data.initial_heap)
    selected: list[int] = []
    cost_exact = data.cost_exact
    spent = 0
    if stop_above is not None:
        stop_above = Fraction(stop_above)
        lim_n, lim_d = stop_above.numerator, stop_above.denominator
    while heap:
        evaluated = []
        best_hi = math.inf
        while heap and heap[0][0] <= best_hi:
            _, _, j = heapq.heappop(heap)
            xj = x.take(sups[j])
            s = len(xj)
            c = cost_f[j]
            tot = float(np.add.reduce(xj))
            slack = s * E + 4 * (s + 2) * U * (tot + c)
            if tot < c - slack:
                continue  # certainly unaffordable: never again
            if tot <= c + slack:
                return None
            priced = _screen_price(xj, c, E)
            if priced is None:
                return None
            q, e_q = priced
            rho = q / c
            e_rho = e_q / c + 4 * U * rho
            best_hi = min(best_hi, rho + e_rho)
            evaluated.append((rho, e_rho, q, e_q, j, xj))
        if not evaluated:
            break
        evaluated.sort(key=lambda e: e[0])
        rho, e_rho, q, e_q, j, xj = evaluated[0]
        for other in evaluated[1:]:
            if other[0] - other[1] <= rho + e_rho:
                return None  # too close to call in floats
            heapq.heappush(heap, (other[0] - other[1], rank[other[4]], other[4]))
        np.subtract(xj, q, out=xj)  # xj is a copy (gathered)
        np.maximum(xj, 0.0, out=xj)
        x[sups[j]] = xj
        E += e_q + 2 * U * (b0f + q)
        selected.append(j)
        if stop_above is not None:
            spent += cost_exact[j]
            if spent * lim_d > lim_n:  # spent > stop_above, in integers when possible
                break
    return selected
