"""Access rules of the budgets context, referenced from ``RULES`` in accounts.permissions.

Rules answer *who* may do something with an object; whether the step fits the round's phase
and the initiative's status is checked by the services (``WorkflowError``).
"""

from __future__ import annotations

# accounts.permissions imports this module to fill its RULES, so it is imported lazily here.


def _p():
    from meedoen.accounts import permissions

    return permissions


def _district_of(obj):
    from meedoen.budgets.models import (
        Comment,
        Expense,
        GroupInvitation,
        Initiative,
        InitiativePhoto,
        ResidentGroup,
    )

    if isinstance(obj, Initiative | ResidentGroup):
        return obj.district
    if isinstance(obj, Comment | Expense | InitiativePhoto):
        return obj.initiative.district
    if isinstance(obj, GroupInvitation):
        return obj.group.district
    return None


def _group_of(obj):
    from meedoen.budgets.models import Comment, Expense, Initiative, InitiativePhoto, ResidentGroup

    if isinstance(obj, ResidentGroup):
        return obj
    if isinstance(obj, Initiative):
        return obj.group
    if isinstance(obj, Comment | Expense | InitiativePhoto):
        return obj.initiative.group
    return None


def is_admin(user, obj=None) -> bool:
    return _p().has_role(user, _p().Role.ADMINISTRATOR)


def is_resident(user, obj=None) -> bool:
    return _p().has_role(user, _p().RESIDENT)


def is_group_member(user, obj) -> bool:
    from meedoen.budgets.models import GroupMembership

    group = _group_of(obj)
    if group is None or not getattr(user, "is_authenticated", False) or not user.is_resident:
        return False
    return GroupMembership.objects.filter(group=group, user=user, accepted=True).exists()


def is_district_pair(user, obj) -> bool:
    return is_admin(user) or _p().has_any_role(user, _p().DISTRICT_PAIR, _district_of(obj))


def is_district_team(user, obj) -> bool:
    return is_district_pair(user, obj) or is_alderman(user, obj)


def is_alderman(user, obj) -> bool:
    return _p().has_role(user, _p().Role.WIJKWETHOUDER, _district_of(obj))


def can_moderate(user, obj) -> bool:
    return _p().has_role(user, _p().Role.MODERATOR) or is_district_pair(user, obj)


def can_view_group(user, group) -> bool:
    from meedoen.budgets.models import ResidentGroup

    if group.status == ResidentGroup.Status.CONFIRMED:
        return True
    return is_group_member(user, group) or is_district_team(user, group)


def can_view_initiative(user, initiative) -> bool:
    """Drafts are private to the group; everything handed in is public."""
    from meedoen.budgets.models import Initiative

    if initiative.status != Initiative.Status.DRAFT:
        return True
    return is_group_member(user, initiative)


def can_view_photo(user, photo) -> bool:
    return can_view_initiative(user, photo.initiative)


def can_view_receipt(user, expense) -> bool:
    # Receipts may carry names and addresses: only the group and the district team.
    return is_group_member(user, expense) or is_district_team(user, expense)


RULES = {
    "budgets.round_manage": is_admin,
    "budgets.group_create": is_resident,
    "budgets.group_view": lambda user, obj: can_view_group(user, obj),
    "budgets.group_member": is_group_member,
    "budgets.group_decide": is_district_pair,
    "budgets.invitation_accept": is_resident,
    "budgets.initiative_view": lambda user, obj: can_view_initiative(user, obj),
    "budgets.initiative_edit": is_group_member,
    "budgets.initiative_review": is_district_pair,
    "budgets.initiative_approve": is_alderman,
    "budgets.initiative_react": is_resident,
    "budgets.comment_hide": can_moderate,
    "budgets.photo_view": lambda user, obj: can_view_photo(user, obj),
    "budgets.receipt_view": lambda user, obj: can_view_receipt(user, obj),
    "budgets.expense_decide": is_district_pair,
}
