"""Checking a panel's quota table before anything is drawn (messages in Dutch)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _


def quota_problems(panel_size: int, rows: Iterable[tuple[str, str, int, int]]) -> list[str]:
    """Problems with quotas ``(category, value, min, max)`` for a panel of ``panel_size``.

    Per value min <= max; per category the minima may add up to at most the panel size and
    the maxima to at least the panel size, otherwise no panel can exist.
    """
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    per_category: dict[str, list[tuple[int, int]]] = {}
    for category, value, low, high in rows:
        key = (category.strip().lower(), value.strip().lower())
        if key in seen:
            problems.append(
                _("%(category)s = %(value)s staat twee keer in de tabel. Haal er één weg.")
                % {"category": category, "value": value}
            )
        seen.add(key)
        if low > high:
            problems.append(
                _(
                    "%(category)s = %(value)s: het minimum (%(min)s) is groter dan het maximum "
                    "(%(max)s). Maak het minimum kleiner of het maximum groter."
                )
                % {"category": category, "value": value, "min": low, "max": high}
            )
        per_category.setdefault(category, []).append((low, high))
    for category, bounds in per_category.items():
        total_min = sum(low for low, _high in bounds)
        total_max = sum(high for _low, high in bounds)
        if total_min > panel_size:
            problems.append(
                _(
                    "%(category)s: de minima tellen op tot %(total)s. Dat is meer dan het panel "
                    "(%(size)s deelnemers). Verlaag de minima."
                )
                % {"category": category, "total": total_min, "size": panel_size}
            )
        if total_max < panel_size:
            problems.append(
                _(
                    "%(category)s: de maxima tellen op tot %(total)s. Dat is minder dan het panel "
                    "(%(size)s deelnemers). Verhoog de maxima."
                )
                % {"category": category, "total": total_max, "size": panel_size}
            )
    return problems


def relaxation_messages(relaxations) -> list[str]:
    """The engine's suggested relaxations (``meedoen.sortition`` Relaxation) in plain Dutch."""
    messages = []
    for item in relaxations:
        values = {"current": item.current, "required": item.required}
        if item.bound == "panel_size":
            messages.append(
                _("Maak het panel kleiner: van %(current)s naar %(required)s deelnemers.") % values
            )
            continue
        values.update(category=item.category, value=item.value)
        lower = item.required < item.current
        if item.bound == "min":
            text = (
                _(
                    "Verlaag het minimum voor %(category)s = %(value)s van %(current)s naar %(required)s."
                )
                if lower
                else _(
                    "Verhoog het minimum voor %(category)s = %(value)s van %(current)s naar %(required)s."
                )
            )
        else:
            text = (
                _(
                    "Verlaag het maximum voor %(category)s = %(value)s van %(current)s naar %(required)s."
                )
                if lower
                else _(
                    "Verhoog het maximum voor %(category)s = %(value)s van %(current)s naar %(required)s."
                )
            )
        messages.append(text % values)
    return messages
