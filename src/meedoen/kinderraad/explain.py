"""The election result told round by round, in words a child of 9 understands."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meedoen.kinderraad.models import Application


@dataclass
class Round:
    number: int
    tally: list[tuple[str, int]]  # (name, votes), most votes first
    text: list[str] = field(default_factory=list)


def _votes(n: int) -> str:
    return ngettext("%(n)s stem", "%(n)s stemmen", n) % {"n": n}


def rounds(election) -> list[Round]:
    result = election.result or {}
    ids = {str(pk) for tally in result.get("rounds", []) for pk in tally}
    names = {
        str(app.pk): app.first_name
        for app in Application.objects.filter(pk__in=[int(i) for i in ids])
    }
    # Two candidates with the same first name: add the school so children can tell them apart.
    seen: dict[str, int] = {}
    for name in names.values():
        seen[name] = seen.get(name, 0) + 1
    if any(count > 1 for count in seen.values()):
        for app in Application.objects.filter(pk__in=[int(i) for i in ids]).select_related(
            "school"
        ):
            if seen[app.first_name] > 1:
                names[str(app.pk)] = f"{app.first_name} ({app.school.name})"
    winner = str(election.winner_id) if election.winner_id else None
    eliminated = result.get("eliminated", [])
    exhausted = result.get("exhausted", [])
    story = []
    for index, tally in enumerate(result.get("rounds", [])):
        ordered = sorted(tally.items(), key=lambda item: (-item[1], names.get(item[0], "")))
        current = Round(index + 1, [(names.get(pk, pk), votes) for pk, votes in ordered])
        active = sum(tally.values())
        last = index == len(result["rounds"]) - 1
        if result.get("method") == "plurality":
            if winner:
                current.text.append(
                    _(
                        "%(name)s heeft de meeste stemmen: %(votes)s. %(name)s is de kinderburgemeester!"
                    )
                    % {"name": names.get(winner, winner), "votes": _votes(tally.get(winner, 0))}
                )
        elif last and winner:
            if len(tally) == 1:
                current.text.append(
                    _("Alleen %(name)s is nog over. %(name)s is de kinderburgemeester!")
                    % {"name": names.get(winner, winner)}
                )
            else:
                current.text.append(
                    _(
                        "%(name)s heeft meer dan de helft van de stemmen: %(votes)s van de "
                        "%(active)s. %(name)s is de kinderburgemeester!"
                    )
                    % {
                        "name": names.get(winner, winner),
                        "votes": tally.get(winner, 0),
                        "active": active,
                    }
                )
        elif index < len(eliminated):
            loser = names.get(eliminated[index], eliminated[index])
            current.text.append(
                _("Niemand heeft meer dan de helft van de stemmen. Daarom is er nog een ronde.")
            )
            fewest = tally.get(eliminated[index], 0)
            tied = [names.get(pk, pk) for pk, votes in ordered if votes == fewest]
            if len(tied) > 1:
                current.text.append(
                    _("%(names)s hadden allemaal evenveel stemmen. Dan beslist het lot wie afvalt.")
                    % {"names": _(" en ").join([", ".join(tied[:-1]), tied[-1]])}
                )
            current.text.append(
                _(
                    "%(name)s heeft de minste stemmen en valt af. Had jij %(name)s als eerste "
                    "keuze? Dan telt nu jouw volgende keuze mee."
                )
                % {"name": loser}
            )
        if index < len(exhausted) and exhausted[index]:
            current.text.append(
                ngettext(
                    "%(n)s briefje had geen keuze meer over en telt niet meer mee.",
                    "%(n)s briefjes hadden geen keuze meer over en tellen niet meer mee.",
                    exhausted[index],
                )
                % {"n": exhausted[index]}
            )
        story.append(current)
    return story
