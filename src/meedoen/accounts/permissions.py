"""Who may do what: the one place where Meedoen decides access.

Every view is wrapped by :func:`requires` (or marked :func:`public`), which names an *action*.
An action maps to a rule ``(user, obj) -> bool`` in :data:`RULES`. The view × role test in
``tests/accounts/test_permission_matrix.py`` walks every URL with every role, so adding a view
without declaring its action fails the suite.

Staff roles only count once the staff member has passed the second factor (TOTP) in this
session; district-scoped roles (wijkmanager, wijkopbouwwerker, wijkwethouder) only count for
the districts in their assignment.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from meedoen.accounts.models import RoleAssignment
from meedoen.budgets import rules as budget_rules

Role = RoleAssignment.Role
RESIDENT = "resident"
GROUP_MEMBER = "group_member"
DISTRICT_PAIR = (Role.WIJKMANAGER, Role.WIJKOPBOUWWERKER)
ALL_ROLES = (RESIDENT, GROUP_MEMBER, *Role.values)


def _staff_verified(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def _assignments(user):
    cache = getattr(user, "_meedoen_assignments", None)
    if cache is None:
        cache = {}
        for assignment in user.role_assignments.prefetch_related("districts"):
            cache[assignment.role] = {district.pk for district in assignment.districts.all()}
        user._meedoen_assignments = cache
    return cache


def has_role(user, role: str, district=None) -> bool:
    """True if the user holds ``role`` (for ``district``, when the role is district-scoped)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if role == RESIDENT:
        return user.is_resident
    if role == GROUP_MEMBER:
        from meedoen.budgets.models import GroupMembership

        members = GroupMembership.objects.filter(user=user, accepted=True)
        if district is not None:
            members = members.filter(group__district=district)
        return members.exists()
    if not _staff_verified(user):
        return False
    assignments = _assignments(user)
    if role not in assignments:
        return False
    if district is None or role not in RoleAssignment.DISTRICT_SCOPED:
        return True
    district_id = getattr(district, "pk", district)
    return district_id in assignments[role]


def has_any_role(user, roles: Iterable[str], district=None) -> bool:
    return any(has_role(user, role, district) for role in roles)


def staff_districts(user, roles: Iterable[str] = DISTRICT_PAIR + (Role.WIJKWETHOUDER,)):
    """The districts whose staff pages this user may open (all of them for administrators)."""
    from meedoen.districts.models import District

    if has_role(user, Role.ADMINISTRATOR):
        return District.objects.all()
    if not _staff_verified(user):
        return District.objects.none()
    ids = set()
    for role in roles:
        ids |= _assignments(user).get(role, set())
    return District.objects.filter(pk__in=ids)


def is_staff_member(user) -> bool:
    return _staff_verified(user) and bool(_assignments(user))


def _admin(user, obj=None) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def _district_team(user, district) -> bool:
    return _admin(user) or has_any_role(user, DISTRICT_PAIR + (Role.WIJKWETHOUDER,), district)


def _shares_partner(user, obj=None) -> bool:
    # shares app: an account linked to an active voucher partner (meedoen/shares/rules.py).
    from meedoen.shares.rules import can_redeem

    return can_redeem(user, obj)


def _voting_rule(name: str, user, obj=None) -> bool:
    # voting app: imported late, its rules module imports this one.
    from meedoen.voting import rules as voting_rules

    return getattr(voting_rules, name)(user, obj)


RULES: dict[str, Callable[..., bool]] = {
    "accounts.my_data": lambda user, obj=None: user.is_authenticated,
    "accounts.staff_home": lambda user, obj=None: is_staff_member(user),
    "districts.staff_page": _district_team,
    "districts.manage": _admin,
    "audit.view": _admin,
    # shares (dividend vouchers) and kinderraad (children's council, child mayor)
    "shares.redeem": _shares_partner,
    "shares.manage": _admin,
    "kinderraad.manage": _admin,
    # lotteries: panels, draws and the share register are set up by administrators only
    "lotteries.manage": _admin,
    # budgets (Meedoenbudget workflow): the rule functions live in meedoen/budgets/rules.py
    **budget_rules.RULES,
    # voting (codes, ballots, paper ballots, counting): rules in meedoen/voting/rules.py
    "voting.staff": lambda user, obj=None: _voting_rule("voting_staff", user, obj),
    "voting.round_staff": lambda user, obj=None: _voting_rule("round_staff", user, obj),
    "voting.manage": lambda user, obj=None: _voting_rule("administrator", user, obj),
}


def can(user, action: str, obj=None) -> bool:
    try:
        rule = RULES[action]
    except KeyError:
        raise KeyError(f"Unknown permission action {action!r}: add it to RULES.") from None
    return bool(rule(user, obj))


def requires(action: str, get_object: Callable | None = None):
    """View decorator: anonymous visitors go to the login page, others without right get 403.

    ``get_object(request, **kwargs)`` loads the object the rule is about (a district, a round);
    it is handed to the view as ``request.permission_object``.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            obj = get_object(request, **kwargs) if get_object else None
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, action, obj):
                raise PermissionDenied(action)
            request.permission_object = obj
            return view(request, *args, **kwargs)

        wrapped.permission_action = action
        return wrapped

    return decorator


def public(view):
    """Marks a view as open to everyone, so the permission matrix knows it was meant so."""
    view.permission_action = None
    return view
