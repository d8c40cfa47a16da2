from django.utils.translation import gettext as _


def sections(user) -> list[dict]:
    """What this app holds about the person, for Mijn gegevens.

    Vouchers are not linked to resident accounts (only to a lottery invitation), so a resident
    sees nothing here; an account of a voucher partner sees which partner it redeems for.
    """
    membership = getattr(user, "partner_membership", None)
    if membership is None:
        return []
    return [
        {
            "title": _("Partner van mede-aandeel"),
            "rows": [
                (_("U wisselt dividendbonnen in voor"), membership.partner.name),
                (_("Ingewisselde bonnen door u"), user_redemptions(user)),
            ],
        }
    ]


def user_redemptions(user) -> int:
    from meedoen.shares.models import VoucherRedemption

    return VoucherRedemption.objects.filter(redeemed_by=user).count()
