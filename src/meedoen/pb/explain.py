"""Explanations of a count: per project what happened and why, as data and as English text.

The dataclasses carry machine-readable reason codes and exact numbers (Fractions) so that the
Django app can render them in Dutch; :func:`render_text` is the English plain-text rendering
used by the command line.

Reason codes (``ProjectOutcome.reason``):

``selected``            funded; ``phase`` says by which step (``mes``, ``completion``, ``greedy``)
``no_votes``            nobody voted for it
``below_threshold``     fewer votes than the rule's minimum (``threshold``, ``votes``)
``supporters_short``    MES: its supporters had ``available`` left, ``shortfall`` short of cost
``did_not_fit``         greedy/completion: only ``remaining_budget`` was left when its turn came
                        (``shortfall`` = cost - remaining; MES figures added when MES ran first)
``greedy_stopped``      greedy without skipping stopped at ``stopped_at`` before its turn
``not_reached``         a rule step ended before this project was considered
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any


def json_number(x: Any) -> Any:
    """Exact numbers for JSON: integers stay integers, other fractions become ``"p/q"``
    strings (a float would silently round)."""
    if isinstance(x, Fraction):
        return int(x) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    if isinstance(x, dict):
        return {k: json_number(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [json_number(v) for v in x]
    return x


@dataclass
class ProjectOutcome:
    project_id: str
    name: str
    cost: Fraction
    votes: Fraction  # supporters (approval) or score (points)
    supporters: int
    selected: bool
    round: int | None = None  # 1-based position in the order of selection
    phase: str | None = None  # 'mes' | 'completion' | 'greedy'
    cost_per_supporter: Fraction | None = None
    effective_votes: Fraction | None = None  # MES: 1/rho (in supporters or points)
    price: Fraction | None = None  # MES: rho, price per unit of utility
    max_payment: Fraction | None = None  # MES: the most one supporter paid
    reason: str = ""
    reason_data: dict[str, Any] = field(default_factory=dict)

    def to_json_dict(self) -> dict[str, Any]:
        return json_number(asdict(self))


@dataclass
class CountResult:
    rule: str
    selected: list[str]
    budget: Fraction
    budget_used: Fraction
    projects: dict[str, ProjectOutcome]
    tie_break: str = "id"
    seed: int | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "selected": list(self.selected),
            "budget": json_number(self.budget),
            "budget_used": json_number(self.budget_used),
            "tie_break": self.tie_break,
            "seed": self.seed,
            "details": json_number(self.details),
            "projects": {k: v.to_json_dict() for k, v in self.projects.items()},
        }


def _fmt(x: Fraction | None, digits: int = 2) -> str:
    if x is None:
        return "-"
    if x.denominator == 1:
        return f"{x.numerator:,}"
    return f"{float(x):,.{digits}f}"


def _why(p: ProjectOutcome) -> str:
    d = p.reason_data
    if p.reason == "selected":
        extra = ""
        if p.phase == "mes" and p.effective_votes is not None:
            extra = f", effective votes {_fmt(p.effective_votes)}"
        return f"selected in round {p.round} ({p.phase}{extra})"
    if p.reason == "no_votes":
        return "no votes"
    if p.reason == "below_threshold":
        return f"{_fmt(d['votes'])} votes, below the threshold of {_fmt(d['threshold'])}"
    if p.reason == "supporters_short":
        return (
            f"supporters' remaining money ({_fmt(d['available'])}) was {_fmt(d['shortfall'])} short"
        )
    if p.reason == "did_not_fit":
        text = (
            f"did not fit in the remaining budget of {_fmt(d['remaining_budget'])} "
            f"({_fmt(d['shortfall'])} short)"
        )
        if "mes_shortfall" in d:
            text += f"; under MES its supporters were {_fmt(d['mes_shortfall'])} short"
        return text
    if p.reason == "greedy_stopped":
        return f"not considered: counting stopped at project {d['stopped_at']}"
    if p.reason == "not_reached":
        return "not reached"
    return p.reason


def render_text(result: CountResult) -> str:
    """An English report: winners in order, then one line per project."""
    lines = [
        f"Rule: {result.rule}   tie-break: {result.tie_break}"
        + (f" (seed {result.seed})" if result.seed is not None else ""),
        f"Budget: {_fmt(result.budget)}   used: {_fmt(result.budget_used)}   "
        f"left: {_fmt(result.budget - result.budget_used)}",
    ]
    cmp_ = result.details.get("comparison")
    if cmp_:
        lines.append(
            f"Comparison step: {cmp_['prefer_mes']} voters prefer the MES outcome, "
            f"{cmp_['prefer_greedy']} prefer the greedy outcome -> {cmp_['chosen']} outcome"
        )
    lines.append("")
    lines.append(f"Selected ({len(result.selected)}):")
    for k, pid in enumerate(result.selected, 1):
        p = result.projects[pid]
        lines.append(f"  {k:>3}. {pid}  {p.name[:60]}  cost {_fmt(p.cost)}  votes {_fmt(p.votes)}")
    lines.append("")
    lines.append("All projects:")
    width = max((len(pid) for pid in result.projects), default=2)
    for pid, p in result.projects.items():
        mark = "+" if p.selected else "-"
        lines.append(
            f"  {mark} {pid:<{width}}  cost {_fmt(p.cost):>12}  votes {_fmt(p.votes):>8}  "
            f"cost/supporter {_fmt(p.cost_per_supporter):>10}  {_why(p)}"
        )
    return "\n".join(lines) + "\n"
