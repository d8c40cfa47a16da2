"""Cheap panel finders that spare the pricing MIP most of its work.

Column generation only needs *some* panel that violates the dual, not the best one; the MIP
is needed to prove that none exists.  Local search (one-in-one-out swaps that keep every
quota and the household rule) from the best known panels finds violating panels in
milliseconds; the MIP runs only when local search fails, warm-started with its best panel.
"""

from __future__ import annotations

import numpy as np

from .quotas import Instance


class SwapSearch:
    """Best-improvement swap local search over class counts."""

    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        m = len(inst.classes)
        categories = sorted({q.category for q in inst.quotas})
        self.lo = np.array([q.min for q in inst.quotas], dtype=np.int64)
        self.hi = np.array([q.max for q in inst.quotas], dtype=np.int64)
        # value[t, g]: index of the quota class t counts towards in category g, or -1
        self.value = np.full((m, len(categories)), -1, dtype=np.int64)
        for j, (q, members) in enumerate(zip(inst.quotas, inst.quota_classes, strict=True)):
            g = categories.index(q.category)
            self.value[members, g] = j
        self.hh = np.full(m, -1, dtype=np.int64)
        for h, members in enumerate(inst.households):
            self.hh[members] = h
        self.size = inst.class_size
        self.nq = len(inst.quotas)

    def quota_counts(self, counts: np.ndarray) -> np.ndarray:
        qc = np.zeros(self.nq + 1, dtype=np.int64)  # last slot collects "no quota" (-1)
        for g in range(self.value.shape[1]):
            np.add.at(qc, self.value[:, g], counts)
        return qc[: self.nq]

    def _swaps(self, counts: np.ndarray, weights: np.ndarray, qc: np.ndarray, hh_used: np.ndarray):
        """(inside, out, gain matrix) of the allowed one-in-one-out swaps (-inf if not)."""
        lo = np.append(self.lo, -(10**9))
        hi = np.append(self.hi, 10**9)
        inside = np.flatnonzero(counts > 0)
        out = np.flatnonzero(counts < self.size)
        qce = np.append(qc, 0)
        vs = self.value[inside]  # |S| x G
        vt = self.value[out]  # |T| x G
        can_remove = (qce[vs] - 1 >= lo[vs]) | (vs < 0)
        can_add = (qce[vt] + 1 <= hi[vt]) | (vt < 0)
        ok = np.ones((len(inside), len(out)), dtype=bool)
        for g in range(vs.shape[1]):
            same = vs[:, g][:, None] == vt[:, g][None, :]
            ok &= same | (can_remove[:, g][:, None] & can_add[:, g][None, :])
        ht = self.hh[out]
        hs = self.hh[inside]
        free = (ht < 0) | (hh_used[ht] == 0)
        ok &= free[None, :] | ((ht[None, :] == hs[:, None]) & (ht[None, :] >= 0))
        ok &= inside[:, None] != out[None, :]
        gain = np.where(ok, weights[out][None, :] - weights[inside][:, None], -np.inf)
        return inside, out, gain

    def neighbours(self, counts: np.ndarray, weights: np.ndarray, limit: int) -> list[np.ndarray]:
        """The ``limit`` allowed one-swap neighbours of ``counts`` with the largest weight."""
        qc = self.quota_counts(counts)
        hh_used = np.zeros(len(self.inst.households) + 1, dtype=np.int64)
        np.add.at(hh_used, self.hh, counts)
        inside, out, gain = self._swaps(counts, weights, qc, hh_used)
        flat = gain.ravel()
        limit = min(limit, int(np.isfinite(flat).sum()))
        if limit <= 0:
            return []
        best = np.argpartition(-flat, limit - 1)[:limit]
        best = best[np.argsort(-flat[best], kind="stable")]
        result = []
        for f in best:
            i, j = divmod(int(f), len(out))
            c = counts.copy()
            c[inside[i]] -= 1
            c[out[j]] += 1
            result.append(c)
        return result

    def improve(self, counts: np.ndarray, weights: np.ndarray, max_steps: int = 400) -> np.ndarray:
        """A swap-local optimum for ``weights`` reached from the allowed panel ``counts``."""
        counts = counts.copy()
        qc = self.quota_counts(counts)
        hh_used = np.zeros(len(self.inst.households) + 1, dtype=np.int64)
        np.add.at(hh_used, self.hh, counts)
        lo = np.append(self.lo, -(10**9))
        hi = np.append(self.hi, 10**9)
        for _ in range(max_steps):
            inside = np.flatnonzero(counts > 0)
            w_min = weights[inside].min()
            out = np.flatnonzero((counts < self.size) & (weights > w_min + 1e-15))
            if len(out) == 0:
                break
            qce = np.append(qc, 0)
            vs = self.value[inside]  # |S| x G
            vt = self.value[out]  # |T| x G
            can_remove = (qce[vs] - 1 >= lo[vs]) | (vs < 0)
            can_add = (qce[vt] + 1 <= hi[vt]) | (vt < 0)
            ok = np.ones((len(inside), len(out)), dtype=bool)
            for g in range(vs.shape[1]):
                same = vs[:, g][:, None] == vt[:, g][None, :]
                ok &= same | (can_remove[:, g][:, None] & can_add[:, g][None, :])
            ht = self.hh[out]
            hs = self.hh[inside]
            free = (ht < 0) | (hh_used[ht] == 0)
            ok &= free[None, :] | ((ht[None, :] == hs[:, None]) & (ht[None, :] >= 0))
            gain = np.where(ok, weights[out][None, :] - weights[inside][:, None], -np.inf)
            flat = int(np.argmax(gain))
            i, j = divmod(flat, len(out))
            if gain[i, j] <= 1e-12:
                break
            s, t = inside[i], out[j]
            counts[s] -= 1
            counts[t] += 1
            for g in range(vs.shape[1]):
                if self.value[s, g] >= 0:
                    qc[self.value[s, g]] -= 1
                if self.value[t, g] >= 0:
                    qc[self.value[t, g]] += 1
            if self.hh[s] >= 0:
                hh_used[self.hh[s]] -= 1
            if self.hh[t] >= 0:
                hh_used[self.hh[t]] += 1
        return counts
