"""The stored count in words and numbers a resident understands (B1 Dutch)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meedoen.voting.ballots import euro

CHART_WIDTH = 600


def fraction(value) -> Fraction | None:
    if value is None:
        return None
    return Fraction(value) if not isinstance(value, Fraction) else value


def money(value) -> str:
    """A Fraction as euros with cents where needed."""
    f = fraction(value) or Fraction(0)
    cents = (Decimal(f.numerator) / Decimal(f.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return euro(cents)


def number(value) -> str:
    f = fraction(value) or Fraction(0)
    if f.denominator == 1:
        return str(f.numerator)
    return f"{float(f):.1f}".replace(".", ",")


def explain(outcome: dict) -> str:
    """One or two sentences per initiative, rendered from the engine's reason code."""
    reason, data = outcome.get("reason"), outcome.get("reason_data") or {}
    supporters = outcome.get("supporters") or 0
    if reason == "selected":
        phase = outcome.get("phase")
        if phase == "mes":
            text = ngettext(
                "Gekozen in ronde %(round)d. De %(n)d stemmer die dit plan koos, betaalde "
                "%(cost)s uit zijn of haar deel van het budget.",
                "Gekozen in ronde %(round)d. De %(n)d stemmers die dit plan kozen, betaalden "
                "samen %(cost)s uit hun deel van het budget.",
                supporters,
            ) % {"round": outcome["round"], "n": supporters, "cost": money(outcome["cost"])}
            if supporters > 1 and outcome.get("max_payment") is not None:
                text += " " + _("Niemand betaalde meer dan %(max)s.") % {
                    "max": money(outcome["max_payment"])
                }
            return text
        if phase == "completion":
            return _(
                "Gekozen in ronde %(round)d, bij het aanvullen: er was nog geld over, en van "
                "de plannen die nog pasten had dit plan de meeste stemmen."
            ) % {"round": outcome["round"]}
        return _(
            "Gekozen in ronde %(round)d: van de plannen die nog in het budget pasten, had dit "
            "plan de meeste stemmen."
        ) % {"round": outcome["round"]}
    if reason == "no_votes":
        return _("Niet gekozen: niemand heeft op dit plan gestemd.")
    if reason == "supporters_short":
        return _(
            "Niet gekozen: de stemmers van dit plan hadden samen nog %(short)s te weinig over."
        ) % {"short": money(data.get("shortfall"))}
    if reason == "did_not_fit":
        text = _(
            "Niet gekozen: toen dit plan aan de beurt was, was er nog %(left)s over. Dat is "
            "%(short)s te weinig."
        ) % {"left": money(data.get("remaining_budget")), "short": money(data.get("shortfall"))}
        if "mes_shortfall" in data:
            text += " " + _(
                "Bij de verdeling in gelijke delen hadden de stemmers van dit plan samen "
                "%(short)s te weinig."
            ) % {"short": money(data["mes_shortfall"])}
        return text
    if reason == "below_threshold":
        return _("Niet gekozen: dit plan kreeg te weinig stemmen.")
    if reason == "greedy_stopped":
        return _("Niet gekozen: het tellen stopte voordat dit plan aan de beurt was.")
    return _("Niet gekozen: het budget was op voordat dit plan aan de beurt was.")


@dataclass
class Row:
    id: str
    name: str
    cost: str
    votes: str
    selected: bool
    round: int | None
    explanation: str
    bar: int  # width in the chart, in SVG units
    bar_y: int = 0


def pb_rows(engine: dict) -> list[Row]:
    result = engine["result"]
    budget = fraction(result["budget"]) or Fraction(1)
    rows = []
    for pid, outcome in result["projects"].items():
        cost = fraction(outcome["cost"])
        rows.append(
            Row(
                id=pid,
                name=outcome["name"],
                cost=money(cost),
                votes=number(outcome["votes"]),
                selected=outcome["selected"],
                round=outcome.get("round"),
                explanation=explain(outcome),
                bar=int(CHART_WIDTH * min(cost / budget, 1)) if budget else 0,
            )
        )
    rows.sort(key=lambda r: (not r.selected, r.round or 0, r.name))
    return rows


def budget_chart(engine: dict) -> dict:
    """Segments of one horizontal bar: each chosen plan's cost, then what is left."""
    result = engine["result"]
    budget = fraction(result["budget"]) or Fraction(1)
    x = 0
    segments = []
    for k, pid in enumerate(result["selected"]):
        outcome = result["projects"][pid]
        width = int(CHART_WIDTH * fraction(outcome["cost"]) / budget)
        segments.append(
            {
                "x": x,
                "width": width,
                "name": outcome["name"],
                "shade": k % 2,
                "label": money(outcome["cost"]),
            }
        )
        x += width
    used = fraction(result["budget_used"])
    return {
        "segments": segments,
        "width": CHART_WIDTH,
        "used": money(used),
        "left": money(budget - used),
        "budget": money(budget),
        "used_percent": round(float(used / budget) * 100) if budget else 0,
    }


def theme_rows(engine: dict) -> list[dict]:
    if not engine.get("ballots"):
        return []
    rows = []
    for theme in engine["projects"]:
        tid = theme["id"]
        s = engine["spread"][tid]
        outcome = fraction(engine["independent_markets"][tid])
        rows.append(
            {
                "name": theme["name"],
                "outcome": money(outcome),
                "mean": money(engine["mean"][tid]),
                "minimum": money(s["minimum"]),
                "q1": money(s["q1"]),
                "median": money(s["median"]),
                "q3": money(s["q3"]),
                "maximum": money(s["maximum"]),
                "outcome_value": outcome,
            }
        )
    total = sum((r["outcome_value"] for r in rows), Fraction(0)) or Fraction(1)
    y = 0
    for row in rows:
        row["bar"] = int(CHART_WIDTH * row["outcome_value"] / total)
        row["bar_y"] = y
        y += 36
    return rows
