"""Structured errors, so that the Django app can show them in Dutch.

``str()`` gives an English one-line message; the attributes carry the data a translated
message needs.
"""

from __future__ import annotations

from dataclasses import dataclass


class SortitionError(Exception):
    """Base class of every error this package raises on purpose."""


class SortitionInputError(SortitionError):
    """Bad input (CSV or arguments).  ``line`` is the 1-based file line, or ``None``."""

    def __init__(self, message: str, *, line: int | None = None, path: str | None = None):
        self.message = message
        self.line = line
        self.path = path
        where = ""
        if path is not None:
            where = f"{path}"
        if line is not None:
            where = f"{where}:{line}" if where else f"line {line}"
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True)
class Relaxation:
    """One quota bound that must change for a panel to exist.

    ``bound`` is ``"min"``, ``"max"`` or ``"panel_size"`` (then category and value are "").
    """

    category: str
    value: str
    bound: str
    current: int
    required: int

    def __str__(self) -> str:
        if self.bound == "panel_size":
            return f"panel size must drop from {self.current} to {self.required}"
        verb = "drop" if self.required < self.current else "rise"
        return (
            f"{self.bound} for {self.category}={self.value} must {verb} "
            f"from {self.current} to {self.required}"
        )


class InfeasibleQuotasError(SortitionError):
    """No panel meets the quotas; ``relaxations`` is a smallest total change that fixes it."""

    def __init__(self, relaxations: list[Relaxation], *, reason: str = "") -> None:
        self.relaxations = list(relaxations)
        self.reason = reason
        parts = "; ".join(str(r) for r in self.relaxations)
        head = reason or "no panel meets the quotas"
        super().__init__(f"{head}: {parts}" if parts else head)
