"""Who may vote in a round, and who is voting right now (a DigiD resident or a code)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from meedoen.budgets.models import BudgetRound
from meedoen.voting.models import VotingCode

SESSION_CODE = "meedoen_voting_code"


@dataclass(frozen=True)
class Voter:
    """The person behind a ballot, as far as the 'has voted' mark needs to know.

    ``voter_key`` is the BSN pseudonym (DigiD, or a code made for a person) or ``code:<id>``
    for a code made for an address.
    """

    voter_key: str
    code_id: object = None

    @property
    def by_code(self) -> bool:
        return self.code_id is not None


def voting_year(budget_round) -> int:
    return budget_round.voting_end.year


def is_open(budget_round) -> bool:
    return budget_round.phase == BudgetRound.Phase.VOTING


def resident_problem(user, budget_round) -> str | None:
    """Why this signed-in person may not vote in the round (None: they may)."""
    if (
        not getattr(user, "is_authenticated", False)
        or not user.is_resident
        or not user.bsn_pseudonym
    ):
        return _("Alleen inwoners kunnen stemmen. Log in met DigiD of gebruik uw stemcode.")
    if budget_round.district_id:
        if user.district_id != budget_round.district_id:
            return _(
                "Volgens de gemeente woont u niet in %(district)s. Alleen inwoners van "
                "%(district)s kunnen in deze ronde stemmen."
            ) % {"district": budget_round.district}
    elif user.district_id is None:
        return _(
            "Volgens de gemeente woont u niet in Deventer. Alleen inwoners van Deventer "
            "kunnen in deze ronde stemmen."
        )
    year = voting_year(budget_round)
    if user.birth_year is None or year - user.birth_year < budget_round.minimum_age:
        return _("Om te stemmen moet u in %(year)d %(age)d jaar of ouder zijn.") % {
            "year": year,
            "age": budget_round.minimum_age,
        }
    return None


def session_code(request, budget_round) -> VotingCode | None:
    """The voting code this browser entered for this round, if any."""
    stored = request.session.get(SESSION_CODE)
    if not stored or stored.get("round") != budget_round.pk:
        return None
    return VotingCode.objects.filter(pk=stored["code"], round=budget_round, void=False).first()


def current_voter(request, budget_round) -> tuple[Voter | None, str | None]:
    """(voter, None) for someone who may vote here, (None, reason) otherwise, (None, None) for
    a visitor who has not identified yet. A code entered for the round wins over a login."""
    code = session_code(request, budget_round)
    if code is not None:
        return Voter(code.voter_key, code.pk), None
    user = request.user
    if not user.is_authenticated:
        return None, None
    problem = resident_problem(user, budget_round)
    if problem:
        return None, problem
    return Voter(user.bsn_pseudonym), None
