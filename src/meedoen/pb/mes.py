"""Fast, provably exact Method of Equal Shares for approval ballots with cost utilities.

With cost utilities every supporter of project ``c`` has utility ``cost_c``, so buying ``c`` at
price ``rho`` means each supporter pays ``min(b_i, q)`` with ``q = rho * cost_c``: only the
budgets of the supporters matter, not who they are.  Voters are therefore kept in *budget
classes* (all voters with the same exact remaining budget); a ``projects x classes`` count
matrix gives, per project, how many supporters sit in each class.  A round is then a handful
of numpy operations on that matrix (``O(projects x classes)``), and buying a project moves its
supporters to new classes (a ``bincount`` over their ballots).  The number of classes stays
small (voters who run out of money all share class 0).

Exactness.  Each class carries its exact value (a ``Fraction``) and its float rounding.  The
floats choose; Fractions confirm:

* the error of a float price is bounded: ``q`` is ``(cost - S) / R`` with ``S`` a sum of at most
  ``m`` (classes) products, so ``|rho_float - rho| <= 8 (m + 3) u + 4 u rho`` with
  ``u = 2**-53``.  Every project whose float ``rho`` is within ``TOL_REL * rho + TOL_ABS * (m+3)``
  of the best one (tolerances ~10^4 times the bound) is recomputed exactly, and the winner is
  chosen among them with exact comparisons and the tie rule;
* affordability (``sum of supporters' budgets >= cost``) is recomputed exactly whenever the
  float sum is within ``TOL_REL`` of the cost;
* the price the winner's supporters pay and their new budgets are always computed exactly.

So every decision equals the one exact arithmetic makes; the tests compare this module with
:mod:`meedoen.pb.mes_exact` and pabutools on random and real instances.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from .mes_exact import MESPurchase, MESRun

TOL_REL = 1e-9
TOL_ABS = 1e-12


class ApprovalData:
    """Arrays shared by all MES runs on one approval instance (built once, reused by add1)."""

    def __init__(self, indptr, indices, n_projects: int, costs: list[Fraction], rank) -> None:
        self.n_voters = len(indptr) - 1
        self.n_projects = n_projects
        self.indptr = np.asarray(indptr, dtype=np.int64)
        self.indices = np.asarray(indices, dtype=np.int64)
        self.costs = costs
        self.cost_f = np.array([float(c) for c in costs], dtype=np.float64)
        self.rank = np.asarray(rank, dtype=np.int64)
        order = np.argsort(self.indices, kind="stable")
        self.entry_voter = np.repeat(np.arange(self.n_voters, dtype=np.int64), np.diff(self.indptr))
        self.csc_voters = self.entry_voter[order]
        self.support = np.bincount(self.indices, minlength=n_projects).astype(np.int64)
        self.csc_ptr = np.zeros(n_projects + 1, dtype=np.int64)
        np.cumsum(self.support, out=self.csc_ptr[1:])
        self.lengths = np.diff(self.indptr)
        # MES candidates: supported projects with a positive cost (a free project gives no
        # cost utility, exactly as pabutools' Cost_Sat).
        self.candidates = np.flatnonzero((self.support > 0) & (self.cost_f > 0))

    @classmethod
    def from_instance(cls, instance, rank) -> ApprovalData:
        return cls(instance.indptr, instance.indices, instance.n_projects, instance.costs, rank)


U = 2.0**-53  # unit round-off of float64


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
    """Budget classes.  Class 0 holds the voters with nothing left; class ``c > 0`` holds
    the voters who paid the full price ``q_t`` in exactly the rounds ``t`` marked in
    ``T[c]``, so its exact budget is ``b0 - sum_{t in T[c]} q_t``.  Exact sums over many
    classes thus reduce to integer weights per round (numpy) and one Fraction per round."""

    def __init__(self, b0: Fraction, n_projects: int, support: np.ndarray) -> None:
        self.b0 = b0
        self.q: list[Fraction] = []
        self.cap = 1024
        self.m = 2
        self.T = np.zeros((self.cap, n_projects + 1), dtype=np.int64)
        self.vfl = np.zeros(self.cap)
        self.vfl[1] = float(b0)
        self.C = np.zeros((n_projects, self.cap), dtype=np.int64)
        self.C[:, 1] = support
        # bound on |vfl - exact value| for every class
        self.err = 2 * U * float(b0)

    def grow(self, need: int) -> None:
        while self.m + need > self.cap:
            self.cap *= 2
            self.T = np.concatenate((self.T, np.zeros_like(self.T)))
            self.vfl = np.concatenate((self.vfl, np.zeros_like(self.vfl)))
            self.C = np.concatenate((self.C, np.zeros_like(self.C)), axis=1)

    def exact_sum(self, classes: np.ndarray, counts: np.ndarray) -> Fraction:
        """sum_k counts_k * value(classes_k) exactly (classes > 0)."""
        if len(classes) == 0:
            return Fraction(0)
        t = len(self.q)
        w = counts @ self.T[classes, :t] if t else np.zeros(0, dtype=np.int64)
        total = int(counts.sum()) * self.b0
        for k in np.flatnonzero(w).tolist():
            total -= int(w[k]) * self.q[k]
        return total

    def value(self, c: int) -> Fraction:
        return self.exact_sum(np.array([c]), np.array([1])) if c else Fraction(0)


def _exact_q_classes(cl: _Classes, row: np.ndarray, cost: Fraction, q_f: float, err: float):
    """Exact price q for a project whose supporters per class are ``row``; the float
    estimate ``q_f`` (error <= ``err``) decides which classes are certainly poor/rich."""
    nz = np.flatnonzero(row[1 : cl.m]) + 1
    cnt = row[nz]
    vals = cl.vfl[nz]
    margin = err + cl.err
    poor = vals < q_f - margin
    rich = vals > q_f + margin
    amb = ~(poor | rich)
    paid = cl.exact_sum(nz[poor], cnt[poor])
    R = int(cnt[~poor].sum())
    if amb.any():
        items = sorted((cl.value(int(c)), int(k)) for c, k in zip(nz[amb], cnt[amb], strict=True))
        for v, k in items:
            if R and (cost - paid) / R <= v:
                break
            paid += k * v
            R -= k
    if R == 0:
        return None
    q = (cost - paid) / R
    ok = True
    if rich.any():
        ok = q <= cl.value(int(nz[rich][np.argmin(vals[rich])]))
    if ok and poor.any():
        ok = cl.value(int(nz[poor][np.argmax(vals[poor])])) <= q
    if not ok:  # cannot happen with correct error bounds; stay exact regardless
        return _exact_q(cost, [(cl.value(int(c)), int(k)) for c, k in zip(nz, cnt, strict=True)])
    return q


def mes_approval(data: ApprovalData, total_budget: Fraction) -> MESRun:
    """MES with cost utilities and ``total_budget`` split equally over all voters."""
    n = data.n_voters
    run = MESRun(budget_per_voter=Fraction(total_budget) / n if n else Fraction(0))
    if n == 0 or len(data.candidates) == 0:
        return run
    P = data.n_projects
    b0 = run.budget_per_voter
    cl = _Classes(b0, P, data.support)
    cls = np.ones(n, dtype=np.int64)
    remaining = np.zeros(P, dtype=bool)
    remaining[data.candidates] = True
    costs = data.costs
    cost_f = data.cost_f
    rank = data.rank
    support_f = data.support.astype(np.float64)

    while True:
        rem = np.flatnonzero(remaining)
        if len(rem) == 0:
            break
        m = cl.m
        order = np.argsort(cl.vfl[:m], kind="stable")
        V = cl.vfl[:m][order]
        M = cl.C[rem][:, order].astype(np.float64)
        S = np.cumsum(M * V, axis=1)
        avail = S[:, -1]
        cost = cost_f[rem]
        sup = support_f[rem]
        slack = 4 * (sup * cl.err + (m + 2) * U * (avail + cost))
        ok = avail >= cost
        for k in np.flatnonzero(np.abs(avail - cost) <= slack):
            j = int(rem[k])
            row = cl.C[j, :m]
            nz = np.flatnonzero(row[1:]) + 1
            ok[k] = cl.exact_sum(nz, row[nz]) >= costs[j]
            run.exact_fallback = True
        remaining[rem[~ok]] = False
        if not ok.any():
            break
        rem = rem[ok]
        M, S, cost, sup = M[ok], S[ok], cost[ok], sup[ok]
        S_prev = np.zeros_like(S)
        S_prev[:, 1:] = S[:, :-1]
        R_prev = sup[:, None] - np.concatenate(
            (np.zeros((len(rem), 1)), np.cumsum(M, axis=1)[:, :-1]), axis=1
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            Q = (cost[:, None] - S_prev) / R_prev
        valid = (R_prev > 0) & (V[None, :] >= Q)
        first = np.argmax(valid, axis=1)
        ar = np.arange(len(rem))
        q = Q[ar, first]
        for k in np.flatnonzero(~valid[ar, first]):  # float noise at the top: last breakpoint
            last = np.flatnonzero(R_prev[k] > 0)[-1]
            q[k], first[k] = Q[k, last], last
        err_q = 4 * (sup * cl.err + (m + 2) * U * (S_prev[ar, first] + cost)) + 4 * U * q
        rho = q / cost
        err_rho = err_q / cost + 4 * U * rho
        b = int(np.argmin(rho))
        close = np.flatnonzero(rho - err_rho <= rho[b] + err_rho[b])
        cand = []
        for k in close.tolist():
            jj = int(rem[k])
            qq = _exact_q_classes(cl, cl.C[jj], costs[jj], float(q[k]), float(err_q[k]))
            assert qq is not None
            cand.append((qq / costs[jj], int(rank[jj]), jj, qq))
        if len(cand) > 1:
            cand.sort()
        _, _, j, qx = cand[0]
        rho_x = qx / costs[j]
        remaining[j] = False
        # -- pay: rich classes (value > q) lose q and get round t marked; poor ones go to 0
        t = len(cl.q)
        cl.q.append(qx)
        q_f = float(qx)
        row = cl.C[j, :m]
        touched = np.flatnonzero(row[1:]) + 1
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
        cl.grow(len(rich_c))
        remap = np.arange(m, dtype=np.int64)
        remap[touched] = 0
        new_ids = np.arange(cl.m, cl.m + len(rich_c))
        remap[rich_c] = new_ids
        cl.T[new_ids] = cl.T[rich_c]
        cl.T[new_ids, t] = 1
        cl.vfl[new_ids] = cl.vfl[rich_c] - q_f
        cl.m += len(rich_c)
        cl.err += 3 * U * float(b0)
        voters = data.csc_voters[data.csc_ptr[j] : data.csc_ptr[j + 1]]
        old = cls[voters]
        new = remap[old]
        moving = old != new
        voters, old, new = voters[moving], old[moving], new[moving]
        cls[voters] = new
        lens = data.lengths[voters]
        if len(voters):
            starts = data.indptr[voters]
            offs = np.repeat(starts - np.concatenate(([0], np.cumsum(lens)[:-1])), lens)
            pos = offs + np.arange(int(lens.sum()), dtype=np.int64)
            proj = data.indices[pos]
            # (old class -> new class) is a function: index the moves by the old class
            tidx = np.full(m, -1, dtype=np.int64)
            tidx[touched] = np.arange(len(touched))
            width = len(touched)
            moves = np.bincount(
                proj * width + np.repeat(tidx[old], lens), minlength=P * width
            ).reshape(P, width)
            cl.C[:, touched] -= moves
            dest = remap[touched]
            cl.C[:, 0] += moves[:, dest == 0].sum(axis=1)
            nz_dest = dest != 0
            cl.C[:, dest[nz_dest]] += moves[:, nz_dest]
        if cl.m > 512:
            _compact(cl, cls)
    for j in data.candidates.tolist():
        if j not in {p.project for p in run.purchases}:
            row = cl.C[j, : cl.m]
            nz = np.flatnonzero(row[1:]) + 1
            run.available[j] = cl.exact_sum(nz, row[nz])
    return run


def _compact(cl: _Classes, cls: np.ndarray) -> None:
    """Drop classes nobody is in any more (keeps the matrix narrow over long runs)."""
    used = np.bincount(cls, minlength=cl.m) > 0
    used[:2] = True
    if used.sum() * 2 > cl.m:
        return
    keep = np.flatnonzero(used)
    new_id = np.full(cl.m, -1, dtype=np.int64)
    new_id[keep] = np.arange(len(keep))
    cl.C[:, : len(keep)] = cl.C[:, keep]
    cl.C[:, len(keep) :] = 0
    cl.T[: len(keep)] = cl.T[keep]
    cl.vfl[: len(keep)] = cl.vfl[keep]
    cl.m = len(keep)
    cls[:] = new_id[cls]
