"""Permission rules of the shares app (referenced from meedoen.accounts.permissions.RULES)."""


def partner_of(user):
    """The active partner this account redeems vouchers for, or None."""
    from meedoen.accounts.permissions import _staff_verified

    if not _staff_verified(user) or getattr(user, "is_resident", True):
        return None
    membership = getattr(user, "partner_membership", None)
    if membership is None or not membership.partner.active:
        return None
    return membership.partner


def can_redeem(user, obj=None) -> bool:
    # Partner accounts sign in like staff (password + TOTP); they need no staff role.
    return partner_of(user) is not None
