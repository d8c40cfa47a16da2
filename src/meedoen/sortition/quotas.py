"""The quota problem: which panels are allowed, and why none is when none is.

Respondents are compiled into *classes* of interchangeable people: people who share every
quota-relevant answer and who have no housemate in the pool.  Swapping two people of one
class maps allowed panels onto allowed panels, so every fair (leximin) distribution gives
them the same probability and the optimisation can work with counts per class instead of
single people.  People with a housemate in the pool form a class of their own, so the
household rule ("at most one per household") stays a simple constraint.  On the public
example instances (2 categories, no households) this turns 2000 people into 4 classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import highspy
import numpy as np

from .errors import InfeasibleQuotasError, Relaxation, SortitionInputError
from .model import Quota, Respondent

INF = highspy.kHighsInf


@dataclass
class Instance:
    """Respondents, quotas and panel size compiled for the solvers."""

    respondents: list[Respondent]
    quotas: list[Quota]
    k: int
    classes: list[list[int]]  # respondent indices per class, sorted by id
    class_size: np.ndarray  # int, people per class
    quota_classes: list[list[int]]  # per quota: the classes counting towards it
    households: list[list[int]]  # households with >1 member in the pool, as class lists
    class_of: np.ndarray = field(repr=False)  # respondent index -> class index

    @property
    def n(self) -> int:
        return len(self.respondents)

    @property
    def ids(self) -> list[str]:
        return [r.id for r in self.respondents]

    def class_ids(self, t: int) -> list[str]:
        return [self.respondents[i].id for i in self.classes[t]]

    def counts_of_panel(self, member_indices: Sequence[int]) -> np.ndarray:
        counts = np.zeros(len(self.classes), dtype=np.int64)
        for i in member_indices:
            counts[self.class_of[i]] += 1
        return counts

    def panel_problems(self, counts: np.ndarray) -> list[str]:
        """Why a panel (as class counts) is not allowed; empty when it is."""
        problems = []
        if int(counts.sum()) != self.k:
            problems.append(f"panel has {int(counts.sum())} members, not {self.k}")
        if np.any(counts < 0) or np.any(counts > self.class_size):
            problems.append("panel uses a person twice")
        for q, members in zip(self.quotas, self.quota_classes, strict=True):
            got = int(counts[members].sum()) if members else 0
            if not q.min <= got <= q.max:
                problems.append(f"{q.key} has {got}, quota {q.min}..{q.max}")
        for hh in self.households:
            if int(counts[hh].sum()) > 1:
                problems.append("two members of one household")
        return problems


def compile_instance(
    respondents: Sequence[Respondent], quotas: Sequence[Quota], k: int
) -> Instance:
    """Group respondents into classes; validate ids, categories and panel size."""
    respondents = sorted(respondents, key=lambda r: r.id)
    if not respondents:
        raise SortitionInputError("no respondents")
    if len({r.id for r in respondents}) != len(respondents):
        raise SortitionInputError("respondent ids are not unique")
    if k < 1:
        raise SortitionInputError("panel size must be at least 1")
    categories = sorted({q.category for q in quotas})
    for r in respondents:
        for c in categories:
            if c not in r.features:
                raise SortitionInputError(f"respondent {r.id!r} has no answer for {c!r}")
    hh_members: dict[str, list[int]] = {}
    for i, r in enumerate(respondents):
        if r.household:
            hh_members.setdefault(r.household, []).append(i)
    shared = {h for h, m in hh_members.items() if len(m) > 1}
    key_to_class: dict[tuple, int] = {}
    classes: list[list[int]] = []
    class_of = np.zeros(len(respondents), dtype=np.int64)
    for i, r in enumerate(respondents):
        profile = tuple(r.features[c] for c in categories)
        key = ("hh", r.id) if r.household in shared else ("p", profile)
        if key not in key_to_class:
            key_to_class[key] = len(classes)
            classes.append([])
        classes[key_to_class[key]].append(i)
        class_of[i] = key_to_class[key]
    quota_classes = []
    for q in quotas:
        quota_classes.append(
            [
                t
                for t, members in enumerate(classes)
                if respondents[members[0]].features[q.category] == q.value
            ]
        )
    households = [sorted({int(class_of[i]) for i in hh_members[h]}) for h in sorted(shared)]
    return Instance(
        respondents=list(respondents),
        quotas=list(quotas),
        k=k,
        classes=classes,
        class_size=np.array([len(c) for c in classes], dtype=np.int64),
        quota_classes=quota_classes,
        households=households,
        class_of=class_of,
    )


def _rowwise(rows: list[list[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    starts = [0]
    index: list[int] = []
    for row in rows:
        index.extend(row)
        starts.append(len(index))
    return (
        np.array(starts, dtype=np.int32),
        np.array(index, dtype=np.int32),
        np.ones(len(index), dtype=np.float64),
    )


class PanelMIP:
    """HiGHS MIP over class counts: "find an allowed panel maximising a weighted sum"."""

    def __init__(self, inst: Instance, *, time_limit: float | None = None) -> None:
        self.inst = inst
        m = len(inst.classes)
        self.h = highspy.Highs()
        self.h.setOptionValue("output_flag", False)
        self.h.setOptionValue("threads", 1)
        self.h.setOptionValue("mip_rel_gap", 1e-9)
        self.h.setOptionValue("mip_abs_gap", 1e-10)
        self.h.setOptionValue("random_seed", 0)
        if time_limit:
            self.h.setOptionValue("time_limit", float(time_limit))
        rows = [list(range(m))]
        lower, upper = [float(inst.k)], [float(inst.k)]
        for q, members in zip(inst.quotas, inst.quota_classes, strict=True):
            rows.append(members)
            lower.append(float(q.min))
            upper.append(float(q.max))
        for hh in inst.households:
            rows.append(hh)
            lower.append(-INF)
            upper.append(1.0)
        lp = highspy.HighsLp()
        lp.num_col_ = m
        lp.num_row_ = len(rows)
        lp.col_cost_ = np.zeros(m)
        lp.col_lower_ = np.zeros(m)
        lp.col_upper_ = inst.class_size.astype(np.float64)
        lp.row_lower_ = np.array(lower)
        lp.row_upper_ = np.array(upper)
        starts, index, value = _rowwise(rows)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = starts
        lp.a_matrix_.index_ = index
        lp.a_matrix_.value_ = value
        lp.a_matrix_.num_col_ = m
        lp.a_matrix_.num_row_ = len(rows)
        lp.integrality_ = [highspy.HighsVarType.kInteger] * m
        lp.sense_ = highspy.ObjSense.kMaximize
        self.h.passModel(lp)
        self.m = m
        self.rows = rows  # classes per row: panel size, quotas, households
        self.col_bounds = (np.array(lp.col_lower_), np.array(lp.col_upper_))
        self.row_bounds = (np.array(lp.row_lower_), np.array(lp.row_upper_))

    def restrict(
        self,
        col_lower: np.ndarray,
        col_upper: np.ndarray,
        row_lower: np.ndarray,
        row_upper: np.ndarray,
    ) -> None:
        """Search only panels within these bounds (rows: size, quotas, households)."""
        cols = np.arange(self.m, dtype=np.int32)
        self.h.changeColsBounds(self.m, cols, col_lower, col_upper)
        rows = np.arange(len(row_lower), dtype=np.int32)
        self.h.changeRowsBounds(len(rows), rows, row_lower, row_upper)

    def unrestrict(self) -> None:
        self.restrict(*self.col_bounds, *self.row_bounds)

    def price(
        self, weights: np.ndarray, start: np.ndarray | None = None
    ) -> tuple[np.ndarray | None, float]:
        """(best allowed panel found, proven upper bound on ``weights @ counts``).

        The bound is HiGHS's MIP dual bound, valid even when the gap is not closed.
        """
        counts = self.best(weights, start)
        info = self.h.getInfo()
        bound = info.mip_dual_bound if np.isfinite(info.mip_dual_bound) else INF
        if counts is not None:
            bound = max(bound, float(np.asarray(weights) @ counts))
        return counts, float(bound)

    def best(self, weights: np.ndarray, start: np.ndarray | None = None) -> np.ndarray | None:
        """Class counts of an allowed panel maximising ``weights @ counts`` (None: none).

        ``start`` (an allowed panel) is handed to HiGHS as an incumbent.
        """
        self.h.changeColsCost(
            self.m, np.arange(self.m, dtype=np.int32), np.asarray(weights, dtype=np.float64)
        )
        if start is not None:
            self.h.setSolution(self.m, np.arange(self.m, dtype=np.int32), start.astype(np.float64))
        self.h.run()
        status = self.h.getModelStatus()
        self.last_optimal = status == highspy.HighsModelStatus.kOptimal
        if status == highspy.HighsModelStatus.kInfeasible:
            return None
        sol = self.h.getSolution()
        if not sol.value_valid:
            return None
        counts = np.rint(np.array(sol.col_value)).astype(np.int64)
        if self.inst.panel_problems(counts):
            return None
        return counts


def max_panel_size(inst: Instance) -> int:
    """The largest panel the household rule allows, ignoring quotas."""
    return int(inst.n - sum(inst.class_size[hh].sum() - 1 for hh in inst.households))


def check_feasible(inst: Instance) -> np.ndarray:
    """One allowed panel (class counts), or :class:`InfeasibleQuotasError` with relaxations."""
    counts = PanelMIP(inst).best(np.zeros(len(inst.classes)))
    if counts is not None:
        return counts
    raise InfeasibleQuotasError(minimal_relaxation(inst))


def minimal_relaxation(inst: Instance) -> list[Relaxation]:
    """Quota changes of least total size that make a panel possible (an integer program).

    Each quota gets two non-negative integer slacks (lowering its min, raising its max); the
    program minimises their sum subject to the panel size and the household rule.  If even
    dropping every quota is not enough, the panel size itself must drop.
    """
    most = max_panel_size(inst)
    if most < inst.k:
        return [Relaxation("", "", "panel_size", inst.k, most)]
    m = len(inst.classes)
    nq = len(inst.quotas)
    ncol = m + 2 * nq
    rows: list[list[tuple[int, float]]] = [[(t, 1.0) for t in range(m)]]
    lower, upper = [float(inst.k)], [float(inst.k)]
    for j, (q, members) in enumerate(zip(inst.quotas, inst.quota_classes, strict=True)):
        rows.append([(t, 1.0) for t in members] + [(m + 2 * j, 1.0)])
        lower.append(float(q.min))
        upper.append(INF)
        rows.append([(t, 1.0) for t in members] + [(m + 2 * j + 1, -1.0)])
        lower.append(-INF)
        upper.append(float(q.max))
    for hh in inst.households:
        rows.append([(t, 1.0) for t in hh])
        lower.append(-INF)
        upper.append(1.0)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("time_limit", 60.0)
    lp = highspy.HighsLp()
    lp.num_col_ = ncol
    lp.num_row_ = len(rows)
    lp.col_cost_ = np.array([0.0] * m + [1.0] * (2 * nq))
    lp.col_lower_ = np.zeros(ncol)
    lp.col_upper_ = np.concatenate(
        [inst.class_size.astype(np.float64), np.full(2 * nq, float(inst.k + inst.n))]
    )
    lp.row_lower_ = np.array(lower)
    lp.row_upper_ = np.array(upper)
    starts, index, value = [0], [], []
    for row in rows:
        for col, v in row:
            index.append(col)
            value.append(v)
        starts.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value)
    lp.a_matrix_.num_col_ = ncol
    lp.a_matrix_.num_row_ = len(rows)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * ncol
    lp.sense_ = highspy.ObjSense.kMinimize
    h.passModel(lp)
    h.run()
    sol = h.getSolution()
    if not sol.value_valid:  # pragma: no cover - the program above is always feasible
        return []
    x = np.rint(np.array(sol.col_value)).astype(np.int64)
    relaxations = []
    for j, q in enumerate(inst.quotas):
        down, up = int(x[m + 2 * j]), int(x[m + 2 * j + 1])
        if down:
            relaxations.append(Relaxation(q.category, q.value, "min", q.min, q.min - down))
        if up:
            relaxations.append(Relaxation(q.category, q.value, "max", q.max, q.max + up))
    return relaxations
