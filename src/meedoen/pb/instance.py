"""The in-memory model of one participatory-budgeting vote.

A :class:`PBInstance` holds exactly what a Pabulib file holds: the META key/value pairs, the
projects with all their columns, and every ballot.  Ballots are stored column-wise in a CSR
layout (``indptr``/``indices``/``points``) because the counting rules work on whole columns of
numbers, and because a Python object per vote is too slow and too large for a city-wide vote
with tens of thousands of voters.  Everything that is not needed for counting (names, extra
columns such as ``age`` or ``voting_method``) is kept verbatim as text so that writing the
instance back gives the same file content.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

APPROVAL_TYPES = frozenset({"approval", "choose-1"})
CARDINAL_TYPES = frozenset({"cumulative", "scoring"})
VOTE_TYPES = frozenset({"approval", "choose-1", "cumulative", "scoring", "ordinal"})


def to_fraction(value: object) -> Fraction:
    """Convert an int, Fraction or decimal text to an exact Fraction (floats are refused,
    because a float would silently round money)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise TypeError("a bool is not an amount")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, str):
        return Fraction(value.strip())
    raise TypeError(f"use int, Fraction or str for exact amounts, not {type(value).__name__}")


@dataclass
class Project:
    """One project of a vote.  ``extra`` keeps the other PROJECTS columns verbatim (votes,
    score, selected, category, ...)."""

    id: str
    cost: Fraction
    name: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.id = str(self.id)
        self.cost = to_fraction(self.cost)
        if self.cost < 0:
            raise ValueError(f"project {self.id}: negative cost")

    @property
    def categories(self) -> frozenset[str]:
        raw = self.extra.get("category", self.extra.get("categories", ""))
        return frozenset(c.strip() for c in raw.split(",") if c.strip())

    @property
    def targets(self) -> frozenset[str]:
        raw = self.extra.get("target", self.extra.get("targets", ""))
        return frozenset(c.strip() for c in raw.split(",") if c.strip())


def _points_equal(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if len(a) != len(b):
        return False
    return all(Fraction(x) == Fraction(y) for x, y in zip(a.tolist(), b.tolist(), strict=True))


class PBInstance:
    """A vote: meta data, projects and ballots.

    Ballot ``i`` lists the projects ``indices[indptr[i]:indptr[i+1]]`` (positions in
    ``projects``) in the order of the file, which for ordinal ballots is the ranking.  For
    cumulative and scoring ballots ``points`` holds the points (int64, or an object array of
    Fractions when a file uses non-integer points).
    """

    def __init__(
        self,
        meta: dict[str, str],
        projects: list[Project],
        voter_ids: Sequence[str],
        indptr: np.ndarray,
        indices: np.ndarray,
        points: np.ndarray | None = None,
        *,
        project_columns: Sequence[str] | None = None,
        vote_columns: Sequence[str] | None = None,
        voter_extra: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.meta = dict(meta)
        self.projects = list(projects)
        self.voter_ids = list(voter_ids)
        self.indptr = np.asarray(indptr, dtype=np.int64)
        self.indices = np.asarray(indices, dtype=np.int32)
        self.points = points
        self.voter_extra = {k: list(v) for k, v in (voter_extra or {}).items()}
        extra_cols: list[str] = []
        for p in self.projects:
            for k in p.extra:
                if k not in extra_cols:
                    extra_cols.append(k)
        if project_columns is None:
            project_columns = ["project_id", "cost", "name", *extra_cols]
        self.project_columns = list(project_columns)
        if vote_columns is None:
            vote_columns = ["voter_id", "vote"]
            if points is not None:
                vote_columns.append("points")
            vote_columns += list(self.voter_extra)
        self.vote_columns = list(vote_columns)
        self.project_index = {p.id: i for i, p in enumerate(self.projects)}
        self._csc: tuple[np.ndarray, np.ndarray] | None = None
        self.warnings: list[str] = []

    # -- construction -------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        budget: int | Fraction | str,
        projects: Iterable[Project],
        ballots: Iterable[Sequence[str] | Mapping[str, object]],
        vote_type: str = "approval",
        meta: Mapping[str, str] | None = None,
    ) -> PBInstance:
        """Build an instance from Python data.  Approval and ordinal ballots are sequences of
        project ids; cumulative and scoring ballots map project ids to points."""
        if vote_type not in VOTE_TYPES:
            raise ValueError(f"unknown vote_type {vote_type!r}")
        projects = list(projects)
        index = {p.id: i for i, p in enumerate(projects)}
        if len(index) != len(projects):
            raise ValueError("duplicate project id")
        indptr = [0]
        indices: list[int] = []
        points: list[Fraction] = []
        cardinal = vote_type in CARDINAL_TYPES
        n = 0
        for ballot in ballots:
            n += 1
            items = list(ballot.items()) if cardinal else [(b, None) for b in ballot]
            seen = set()
            for pid, pts in items:
                pid = str(pid)
                if pid not in index:
                    raise ValueError(f"ballot {n}: unknown project {pid!r}")
                if pid in seen:
                    raise ValueError(f"ballot {n}: project {pid!r} twice")
                seen.add(pid)
                indices.append(index[pid])
                if cardinal:
                    points.append(to_fraction(pts))
            indptr.append(len(indices))
        pts_arr = None
        if cardinal:
            if all(p.denominator == 1 for p in points):
                pts_arr = np.array([int(p) for p in points], dtype=np.int64)
            else:
                pts_arr = np.array(points, dtype=object)
        full_meta = {"budget": fraction_text(to_fraction(budget)), "vote_type": vote_type}
        full_meta.update(meta or {})
        full_meta["num_projects"] = str(len(projects))
        full_meta["num_votes"] = str(n)
        return cls(
            full_meta,
            projects,
            [str(i + 1) for i in range(n)],
            np.array(indptr, dtype=np.int64),
            np.array(indices, dtype=np.int32),
            pts_arr,
        )

    # -- basic properties ---------------------------------------------------------------
    @property
    def budget(self) -> Fraction:
        return to_fraction(self.meta["budget"].replace(",", "."))

    @property
    def vote_type(self) -> str:
        return self.meta.get("vote_type", "approval").strip()

    @property
    def n_voters(self) -> int:
        return len(self.indptr) - 1

    @property
    def n_projects(self) -> int:
        return len(self.projects)

    @property
    def project_ids(self) -> list[str]:
        return [p.id for p in self.projects]

    @property
    def costs(self) -> list[Fraction]:
        return [p.cost for p in self.projects]

    def ballot(self, i: int) -> list[str] | dict[str, Fraction]:
        """Ballot ``i`` in the form accepted by :meth:`build`."""
        lo, hi = int(self.indptr[i]), int(self.indptr[i + 1])
        ids = [self.projects[j].id for j in self.indices[lo:hi].tolist()]
        if self.vote_type in CARDINAL_TYPES:
            assert self.points is not None
            return {
                pid: Fraction(x) for pid, x in zip(ids, self.points[lo:hi].tolist(), strict=True)
            }
        return ids

    def ballots(self) -> list[list[str] | dict[str, Fraction]]:
        return [self.ballot(i) for i in range(self.n_voters)]

    def voter_of_entry(self) -> np.ndarray:
        """For every CSR entry, the voter it belongs to."""
        return np.repeat(np.arange(self.n_voters, dtype=np.int64), np.diff(self.indptr))

    def supporters(self) -> tuple[np.ndarray, np.ndarray]:
        """Project-major view (CSC): voters supporting project ``j`` are
        ``voters[ptr[j]:ptr[j+1]]``, ascending.  Cached."""
        if self._csc is None:
            order = np.argsort(self.indices, kind="stable")
            voters = self.voter_of_entry()[order]
            counts = np.bincount(self.indices, minlength=self.n_projects)
            ptr = np.zeros(self.n_projects + 1, dtype=np.int64)
            np.cumsum(counts, out=ptr[1:])
            self._csc = (ptr, voters)
        return self._csc

    def approval_counts(self) -> np.ndarray:
        return np.bincount(self.indices, minlength=self.n_projects)

    def scores(self) -> list[Fraction]:
        """Points per project for the greedy rule: supporters for approval ballots, the sum of
        points for cumulative and scoring ballots, and positional points (the ``points``
        column if present, else ``max_length - position``) for ordinal ballots."""
        vt = self.vote_type
        if vt in APPROVAL_TYPES:
            return [Fraction(int(c)) for c in self.approval_counts()]
        pts = self.utility_points()
        totals = [Fraction(0)] * self.n_projects
        if pts.dtype != object:
            sums = np.zeros(self.n_projects, dtype=np.int64)
            np.add.at(sums, self.indices, pts)
            return [Fraction(int(s)) for s in sums]
        for j, x in zip(self.indices.tolist(), pts.tolist(), strict=True):
            totals[j] += Fraction(x)
        return totals

    def utility_points(self) -> np.ndarray:
        """Per-entry points used as utilities by cardinal rules (see :meth:`scores`)."""
        if self.points is not None:
            return self.points
        if self.vote_type == "ordinal":
            lengths = np.diff(self.indptr)
            max_len = int(self.meta.get("max_length", "0") or 0) or int(lengths.max(initial=0))
            start = np.repeat(self.indptr[:-1], lengths)
            position = np.arange(len(self.indices), dtype=np.int64) - start
            return np.maximum(max_len - position, 0).astype(np.int64)
        return np.ones(len(self.indices), dtype=np.int64)

    # -- comparison ---------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PBInstance):
            return NotImplemented
        return (
            self.meta == other.meta
            and self.projects == other.projects
            and self.project_columns == other.project_columns
            and self.vote_columns == other.vote_columns
            and self.voter_ids == other.voter_ids
            and np.array_equal(self.indptr, other.indptr)
            and np.array_equal(self.indices, other.indices)
            and _points_equal(self.points, other.points)
            and self.voter_extra == other.voter_extra
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"PBInstance({self.meta.get('description', '')!r}, budget={self.budget}, "
            f"vote_type={self.vote_type!r}, projects={self.n_projects}, voters={self.n_voters})"
        )


def fraction_text(x: Fraction) -> str:
    """Exact text for an amount: an integer, a terminating decimal, or ``p/q``."""
    x = Fraction(x)
    if x.denominator == 1:
        return str(x.numerator)
    d = x.denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d != 1:
        return f"{x.numerator}/{x.denominator}"
    digits = max(twos, fives)
    scaled = x * 10**digits
    assert scaled.denominator == 1
    sign = "-" if scaled < 0 else ""
    s = str(abs(scaled.numerator)).rjust(digits + 1, "0")
    return f"{sign}{s[:-digits]}.{s[-digits:]}"
