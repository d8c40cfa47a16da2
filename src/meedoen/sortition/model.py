"""Plain data types shared by every stage of the lottery."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Person:
    """A row of the stage-1 population file (a municipal BRP selection, pseudonymised)."""

    id: str
    address: str
    birth_year: int | None = None
    sex: str = ""
    district: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Respondent:
    """A person who answered the invitation; ``features`` are self-reported answers."""

    id: str
    features: dict[str, str] = field(hash=False)
    household: str | None = None


@dataclass(frozen=True)
class Quota:
    """At least ``min`` and at most ``max`` panel members with ``category`` = ``value``."""

    category: str
    value: str
    min: int
    max: int

    @property
    def key(self) -> str:
        return f"{self.category}={self.value}"


def gini(values: list[float]) -> float:
    """Gini coefficient (0 = everyone equal): mean absolute difference / (2 * mean)."""
    xs = sorted(values)
    n = len(xs)
    total = sum(xs)
    if n == 0 or total <= 0:
        return 0.0
    weighted = sum((2 * (i + 1) - n - 1) * x for i, x in enumerate(xs))
    return max(0.0, weighted / (n * total))
