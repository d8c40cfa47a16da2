"""What a valid ballot is, per ballot form, and reading one from a submitted form.

Choices are stored in one canonical shape per ballot form:

- approval and knapsack: a sorted list of initiative ids;
- points: ``{"<initiative id>": points}`` for every initiative with more than 0 points;
- themes: ``{"<theme id>": euros}`` for every theme (whole euros).

:func:`problems` is the one check used by the ballot screen and again by the service that
stores the ballot, so a hand-made request cannot store what the screen would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meedoen.budgets.models import BudgetRound

Form = BudgetRound.BallotForm


@dataclass(frozen=True)
class Option:
    """One line on the ballot: an initiative (with its cost) or a theme."""

    id: int
    title: str
    summary: str
    cost: Decimal | None = None


def euro(amount) -> str:
    amount = Decimal(amount)
    places = 0 if amount == amount.to_integral_value() else 2
    return "€ " + number_format(amount, places, use_l10n=True, force_grouping=True)


def ballot_options(budget_round) -> list[Option]:
    if budget_round.ballot_form == Form.THEMES:
        return [Option(t.pk, t.name, t.description) for t in budget_round.themes.all()]
    from meedoen.budgets.selectors import initiatives_on_ballot

    initiatives = initiatives_on_ballot(budget_round).prefetch_related("budget_lines")
    return [Option(i.pk, i.title, i.summary, Decimal(i.total_cost)) for i in initiatives]


def canonical(budget_round, choices) -> list[int] | dict[str, int]:
    if budget_round.ballot_form in (Form.APPROVAL, Form.KNAPSACK):
        return sorted({int(i) for i in choices})
    if budget_round.ballot_form == Form.POINTS:
        return {str(int(k)): int(v) for k, v in sorted(choices.items()) if int(v) != 0}
    return {str(int(k)): int(v) for k, v in sorted(choices.items())}


def totals(budget_round, options: list[Option], choices) -> dict:
    """Running totals for the screen: cost chosen, points used, euros divided."""
    form = budget_round.ballot_form
    by_id = {o.id: o for o in options}
    if form in (Form.APPROVAL, Form.KNAPSACK):
        chosen = [by_id[i] for i in choices if i in by_id]
        return {"count": len(chosen), "cost": sum((o.cost for o in chosen), Decimal(0))}
    used = sum(int(v) for v in choices.values())
    return {"count": sum(1 for v in choices.values() if int(v) > 0), "used": used}


def problems(budget_round, options: list[Option], choices) -> list[str]:
    """Why this ballot cannot be counted, in words a voter understands (empty: it can)."""
    form = budget_round.ballot_form
    ids = {o.id for o in options}
    errors: list[str] = []
    if form in (Form.APPROVAL, Form.KNAPSACK):
        chosen = list(choices)
        if any(i not in ids for i in chosen):
            return [_("Een van de gekozen plannen staat niet op het stembiljet.")]
        if not chosen:
            return [_("Kies minstens één plan.")]
        if (
            form == Form.APPROVAL
            and budget_round.max_choices
            and len(chosen) > budget_round.max_choices
        ):
            errors.append(
                ngettext(
                    "U koos %(count)d plannen. U mag er maximaal %(max)d kiezen. "
                    "Haal het vinkje weg bij %(extra)d plan.",
                    "U koos %(count)d plannen. U mag er maximaal %(max)d kiezen. "
                    "Haal het vinkje weg bij %(extra)d plannen.",
                    len(chosen) - budget_round.max_choices,
                )
                % {
                    "count": len(chosen),
                    "max": budget_round.max_choices,
                    "extra": len(chosen) - budget_round.max_choices,
                }
            )
        if form == Form.KNAPSACK:
            cost = totals(budget_round, options, chosen)["cost"]
            if cost > budget_round.budget:
                errors.append(
                    _(
                        "Uw plannen kosten samen %(cost)s. Dat is %(over)s meer dan het budget "
                        "van %(budget)s. Haal een of meer vinkjes weg."
                    )
                    % {
                        "cost": euro(cost),
                        "over": euro(cost - budget_round.budget),
                        "budget": euro(budget_round.budget),
                    }
                )
        return errors
    values = {int(k): int(v) for k, v in choices.items()}
    if any(k not in ids for k in values):
        return [_("Een van de keuzes staat niet op het stembiljet.")]
    if any(v < 0 for v in values.values()):
        return [_("Vul geen getallen onder 0 in.")]
    used = sum(values.values())
    if form == Form.POINTS:
        limit = budget_round.points_to_distribute or 0
        if used == 0:
            errors.append(_("Geef minstens één plan punten."))
        elif used > limit:
            errors.append(
                _("U gaf %(used)d punten. U mag er %(limit)d verdelen. Haal %(over)d punten weg.")
                % {"used": used, "limit": limit, "over": used - limit}
            )
        return errors
    # themes: every euro of the budget gets a theme, no more and no less
    budget = budget_round.budget
    if used != budget:
        if used < budget:
            errors.append(
                _(
                    "U verdeelde %(used)s van de %(budget)s. Er is nog %(left)s over. "
                    "Verdeel het hele bedrag."
                )
                % {"used": euro(used), "budget": euro(budget), "left": euro(budget - used)}
            )
        else:
            errors.append(
                _(
                    "U verdeelde %(used)s. Dat is %(over)s meer dan de %(budget)s. "
                    "Haal %(over)s weg."
                )
                % {"used": euro(used), "budget": euro(budget), "over": euro(used - budget)}
            )
    return errors


@dataclass
class SubmittedBallot:
    """A ballot as typed in a form: the raw values (to show them again) and the choices."""

    raw: dict[str, str]
    choices: list[int] | dict[str, int]
    errors: list[str]

    @property
    def is_valid(self) -> bool:
        return not self.errors


def field_name(budget_round, option_id: int) -> str:
    prefix = "theme" if budget_round.ballot_form == Form.THEMES else "points"
    return f"{prefix}-{option_id}"


def read_submission(budget_round, options: list[Option], data) -> SubmittedBallot:
    """Reads a POSTed ballot form (QueryDict or dict of lists)."""
    form = budget_round.ballot_form
    if form in (Form.APPROVAL, Form.KNAPSACK):
        values = (
            data.getlist("initiative") if hasattr(data, "getlist") else data.get("initiative", [])
        )
        raw = {"initiative": list(values)}
        chosen = []
        for value in values:
            try:
                chosen.append(int(value))
            except (TypeError, ValueError):
                return SubmittedBallot(raw, [], [_("Een van de keuzes is ongeldig.")])
        chosen = sorted(set(chosen))
        return SubmittedBallot(raw, chosen, problems(budget_round, options, chosen))
    raw, parsed, errors = {}, {}, []
    for option in options:
        name = field_name(budget_round, option.id)
        text = (data.get(name) or "").strip()
        raw[name] = text
        if not text:
            parsed[str(option.id)] = 0
            continue
        try:
            number = int(text.replace(".", "").replace("€", "").strip())
        except ValueError:
            errors.append(
                _("Bij '%(title)s' staat '%(value)s'. Vul een heel getal in, zoals 25.")
                % {"title": option.title, "value": text}
            )
            continue
        parsed[str(option.id)] = number
    if errors:
        return SubmittedBallot(raw, {}, errors)
    choices = canonical(budget_round, parsed)
    return SubmittedBallot(raw, choices, problems(budget_round, options, choices))


def raw_from_choices(budget_round, choices) -> dict:
    """The form values that show stored choices again (going back from the review step)."""
    if budget_round.ballot_form in (Form.APPROVAL, Form.KNAPSACK):
        return {"initiative": [str(i) for i in choices]}
    return {field_name(budget_round, int(k)): str(v) for k, v in choices.items()}
