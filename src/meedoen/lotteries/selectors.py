"""Reads for the lottery pages: the draw in figures and the share register in counts."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count

from meedoen.districts.models import District
from meedoen.lotteries.models import Draw, Invitation, Panel, ShareRegister

AGE_BANDS = [(16, 24), (25, 39), (40, 54), (55, 69), (70, None)]


def age_band(age: int) -> str | None:
    for low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return f"{low}-{high}" if high is not None else f"{low}+"
    return None


def feature_table(panel: Panel) -> list[dict]:
    """Per quota value: how many answered, how many are in the panel, their chance."""
    respondents = list(panel.invitations.exclude(registered_at=None))
    stage2 = panel.stage2_draw
    probabilities = stage2.record["distribution"]["probabilities"] if stage2 else {}
    rows = []
    for quota in panel.quotas.all():
        pool = [r for r in respondents if r.features.get(quota.category) == quota.value]
        chances = [probabilities[r.person_id] for r in pool if r.person_id in probabilities]
        rows.append(
            {
                "quota": quota,
                "pool": len(pool),
                "selected": sum(1 for r in pool if r.in_panel),
                "chance": (sum(chances) / len(chances)) if chances else None,
            }
        )
    return rows


def panel_overview(panel: Panel) -> dict:
    invitations = panel.invitations.all()
    counts = Counter(invitations.values_list("status", flat=True))
    return {
        "invited": sum(counts.values()),
        "responded": sum(n for status, n in counts.items() if status != Invitation.Status.INVITED),
        "on_paper": invitations.filter(channel=Invitation.Channel.PAPER).count(),
        "in_panel": counts[Invitation.Status.SELECTED] + counts[Invitation.Status.REPLACEMENT],
        "dropped_out": counts[Invitation.Status.DROPPED_OUT],
        "stage1": panel.stage1_draw,
        "stage2": panel.stage2_draw,
        "replacement_draws": list(panel.draws.filter(stage=Draw.Stage.REPLACEMENT)),
    }


def members(panel: Panel) -> list[str]:
    """The panel's first names (when the panel shows them), others as 'een inwoner'."""
    return [
        inv.first_name
        for inv in panel.invitations.filter(
            status__in=[Invitation.Status.SELECTED, Invitation.Status.REPLACEMENT]
        ).order_by("first_name", "pk")
    ]


def current_register() -> ShareRegister | None:
    return ShareRegister.objects.order_by("-uploaded_at").first()


def register_table(register: ShareRegister) -> dict:
    """Share holders per district and age band (counts only, never single people)."""
    names = {d.number: d.name for d in District.objects.all()}
    names.update({d.name.lower(): d.name for d in District.objects.all()})
    bands = [age_band(low) for low, _high in AGE_BANDS]
    table: dict[str, Counter] = {}
    year = register.reference_date.year
    # Grouped in the database: a city's register has tens of thousands of rows.
    grouped = register.holders.values("district", "birth_year").annotate(n=Count("pk"))
    for row in grouped:
        district = row["district"]
        label = names.get(district, names.get(district.lower(), district))
        table.setdefault(label, Counter())[age_band(year - row["birth_year"])] += row["n"]
    rows = [
        {
            "district": label,
            "counts": [table[label][b] for b in bands],
            "total": sum(table[label].values()),
        }
        for label in sorted(table)
    ]
    totals = [sum(row["counts"][i] for row in rows) for i in range(len(bands))]
    return {"bands": bands, "rows": rows, "totals": totals, "total": sum(totals)}
