"""Access rules of the voting context (referenced from accounts.permissions.RULES).

Voting itself is open to everyone who can identify (DigiD or a voting code), so the ballot pages
are public views and eligibility is checked by :mod:`meedoen.voting.eligibility`. These rules
guard the staff pages.
"""

from meedoen.accounts.permissions import DISTRICT_PAIR, Role, has_any_role, has_role


def administrator(user, obj=None) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def voting_staff(user, obj=None) -> bool:
    """Administrators and district pairs: they help people vote on paper."""
    return administrator(user) or has_any_role(user, DISTRICT_PAIR)


def round_staff(user, budget_round=None) -> bool:
    """Administrators, and the district pair of the round's district (any pair for the city)."""
    if administrator(user):
        return True
    district = budget_round.district if budget_round is not None else None
    return has_any_role(user, DISTRICT_PAIR, district)
