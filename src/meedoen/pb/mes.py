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
        self.entry_voter = np.repeat(
            np.arange(self.n_voters, dtype=np.int64), np.diff(self.indptr)
        )
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


def mes_approval(data: ApprovalData, total_budget: Fraction) -> MESRun:
    """MES with cost utilities and ``total_budget`` split equally over all voters."""
    n = data.n_voters
    run = MESRun(budget_per_voter=Fraction(total_budget) / n if n else Fraction(0))
    if n == 0 or len(data.candidates) == 0:
        return run
    P = data.n_projects
    b0 = run.budget_per_voter
    # class 0 is reserved for "no money left"
    vex: list[Fraction] = [Fraction(0), b0]
    value_id: dict[Fraction, int] = {Fraction(0): 0, b0: 1}
    cap = 64
    vfl = np.zeros(cap)
    vfl[1] = float(b0)
    C = np.zeros((P, cap), dtype=np.int64)
    C[:, 1] = data.support
    cls = np.ones(n, dtype=np.int64)
    remaining = np.zeros(P, dtype=bool)
    remaining[data.candidates] = True
    costs = data.costs
    cost_f = data.cost_f
    rank = data.rank

    def exact_available(j: int) -> Fraction:
        row = C[j, : len(vex)]
        return sum((int(row[k]) * vex[k] for k in np.flatnonzero(row)), Fraction(0))

    def exact_q(j: int) -> Fraction | None:
        row = C[j, : len(vex)]
        return _exact_q(costs[j], [(vex[k], int(row[k])) for k in np.flatnonzero(row)])

    while True:
        rem = np.flatnonzero(remaining)
        if len(rem) == 0:
            break
        m = len(vex)
        order = np.argsort(vfl[:m], kind="stable")
        V = vfl[:m][order]
        M = C[rem][:, order[:m]].astype(np.float64)
        S = np.cumsum(M * V, axis=1)
        avail = S[:, -1]
        cost = cost_f[rem]
        ok = avail >= cost
        near = np.abs(avail - cost) <= TOL_REL * cost
        for k in np.flatnonzero(near):
            j = int(rem[k])
            a = exact_available(j)
            ok[k] = a >= costs[j]
            run.exact_fallback = True
        gone = rem[~ok]
        remaining[gone] = False
        if not ok.any():
            break
        rem = rem[ok]
        M, S, cost = M[ok], S[ok], cost[ok]
        cnt = data.support[rem].astype(np.float64)
        S_prev = np.empty_like(S)
        S_prev[:, 0] = 0.0
        S_prev[:, 1:] = S[:, :-1]
        R_prev = cnt[:, None] - np.concatenate(
            (np.zeros((len(rem), 1)), np.cumsum(M, axis=1)[:, :-1]), axis=1
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            Q = (cost[:, None] - S_prev) / R_prev
        valid = (R_prev > 0) & (Q <= V[None, :])
        # the last class with supporters is always valid when the project is affordable
        first = np.argmax(valid, axis=1)
        none_valid = ~valid[np.arange(len(rem)), first]
        q = Q[np.arange(len(rem)), first]
        if none_valid.any():  # float noise at the very edge: take the last breakpoint
            for k in np.flatnonzero(none_valid):
                last = np.flatnonzero(R_prev[k] > 0)[-1]
                q[k] = Q[k, last]
        rho = q / cost
        best = float(rho.min())
        tol = TOL_REL * best + TOL_ABS * (m + 3)
        close = np.flatnonzero(rho <= best + tol)
        if len(close) == 1:
            k = int(close[0])
            j = int(rem[k])
            qx = exact_q(j)
            assert qx is not None
        else:
            cand = []
            for k in close:
                jj = int(rem[k])
                qq = exact_q(jj)
                assert qq is not None
                cand.append((qq / costs[jj], int(rank[jj]), jj, qq))
            cand.sort()
            _, _, j, qx = cand[0]
        rho_x = qx / costs[j]
        run.purchases.append(MESPurchase(j, rho_x, min(qx, max(vex)), 1 / rho_x))
        remaining[j] = False
        # -- pay: supporters of j in class k move to the class of value max(v_k - q, 0)
        row = C[j, :m]
        touched = np.flatnonzero(row)
        remap = np.arange(m, dtype=np.int64)
        price = Fraction(0)
        for k in touched.tolist():
            if k == 0:
                continue
            v = vex[k]
            price = max(price, min(v, qx))
            nv = v - qx if v > qx else Fraction(0)
            cid = value_id.get(nv)
            if cid is None:
                cid = len(vex)
                value_id[nv] = cid
                vex.append(nv)
                if cid >= cap:
                    cap *= 2
                    C = np.concatenate((C, np.zeros_like(C)), axis=1)
                    vfl = np.concatenate((vfl, np.zeros_like(vfl)))
                vfl[cid] = float(nv)
            remap[k] = cid
        run.purchases[-1].price = price
        voters = data.csc_voters[data.csc_ptr[j] : data.csc_ptr[j + 1]]
        old = cls[voters]
        new = remap[old]
        moving = old != new
        voters, old, new = voters[moving], old[moving], new[moving]
        cls[voters] = new
        lens = data.lengths[voters]
        starts = data.indptr[voters]
        offs = np.repeat(starts - np.concatenate(([0], np.cumsum(lens)[:-1])), lens)
        pos = offs + np.arange(int(lens.sum()), dtype=np.int64)
        proj = data.indices[pos]
        width = C.shape[1]
        flat = C.reshape(-1)
        flat -= np.bincount(proj * width + np.repeat(old, lens), minlength=P * width)
        flat += np.bincount(proj * width + np.repeat(new, lens), minlength=P * width)
        if len(vex) > 256 and len(vex) > 4 * int((C[:, 1:].sum(axis=0) > 0).sum() + 1):
            C, vex, vfl, value_id, cls, cap = _compact(C, vex, cls)
    for j in data.candidates.tolist():
        if j not in {p.project for p in run.purchases}:
            run.available[j] = exact_available(j)
    return run


def _compact(C, vex, cls):
    """Drop classes nobody is in any more (keeps the matrix narrow over long runs)."""
    used = np.bincount(cls, minlength=len(vex)) > 0
    used[0] = True
    keep = np.flatnonzero(used)
    new_id = np.full(len(vex), -1, dtype=np.int64)
    new_id[keep] = np.arange(len(keep))
    cap = max(64, 2 * len(keep))
    C2 = np.zeros((C.shape[0], cap), dtype=np.int64)
    C2[:, : len(keep)] = C[:, keep]
    vex2 = [vex[k] for k in keep.tolist()]
    vfl = np.zeros(cap)
    vfl[: len(keep)] = [float(v) for v in vex2]
    return C2, vex2, vfl, {v: i for i, v in enumerate(vex2)}, new_id[cls], cap
