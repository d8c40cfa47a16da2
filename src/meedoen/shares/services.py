"""Issuing and redeeming dividend vouchers. Every function owns its transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from meedoen import paper_codes as codes
from meedoen.audit.services import record
from meedoen.shares.models import Partner, Voucher, VoucherRedemption

PURPOSE = "voucher"


@dataclass
class IssuedVoucher:
    voucher: Voucher
    code: str  # the plain code: exists only until it is printed


def find_voucher(typed_code: str) -> Voucher | None:
    if not codes.looks_like_a_code(typed_code):
        return None
    return (
        Voucher.objects.select_related("redemption__partner", "panel")
        .filter(code_hash=codes.code_hash(typed_code, PURPOSE))
        .first()
    )


def issue_vouchers(
    actor,
    panel,
    *,
    value: Decimal,
    valid_from: dt.date,
    valid_until: dt.date,
    invitations=(),
    first_names: list[str] | None = None,
    count: int | None = None,
) -> list[IssuedVoucher]:
    """Creates vouchers for a co-owners' meeting: one per drawn co-owner (invitation), one per
    typed first name, and ``count`` without a name."""
    recipients = [(inv.first_name, inv) for inv in invitations]
    recipients += [(name.strip(), None) for name in (first_names or []) if name.strip()]
    recipients += [("", None)] * (count or 0)
    if not recipients:
        raise ValueError("no vouchers to issue")
    if valid_until < valid_from:
        raise ValueError("valid_until before valid_from")
    issued = []
    with transaction.atomic():
        for name, invitation in recipients:
            code = codes.new_code()
            voucher = Voucher.objects.create(
                panel=panel,
                invitation=invitation,
                first_name=name,
                value=value,
                valid_from=valid_from,
                valid_until=valid_until,
                code_hash=codes.code_hash(code, PURPOSE),
                issued_by=actor,
            )
            issued.append(IssuedVoucher(voucher, code))
        record(
            actor,
            "shares.issue",
            panel,
            changes={
                "count": len(issued),
                "value": str(value),
                "valid_from": valid_from.isoformat(),
                "valid_until": valid_until.isoformat(),
                "voucher_ids": [item.voucher.pk for item in issued],
            },
        )
    return issued


class RedemptionRefused(Exception):
    """Why a voucher cannot be redeemed; ``reason`` is one of the constants below."""

    UNKNOWN = "unknown"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    ALREADY_REDEEMED = "already_redeemed"
    PARTNER_INACTIVE = "partner_inactive"

    def __init__(self, reason: str, voucher: Voucher | None = None, redemption=None):
        self.reason = reason
        self.voucher = voucher
        self.redemption = redemption
        super().__init__(reason)


def refusal(voucher: Voucher | None, today: dt.date | None = None):
    """Why this voucher cannot be spent today, or None if it can."""
    today = today or timezone.localdate()
    if voucher is None:
        return RedemptionRefused(RedemptionRefused.UNKNOWN)
    redemption = getattr(voucher, "redemption", None)
    if redemption is not None:
        return RedemptionRefused(RedemptionRefused.ALREADY_REDEEMED, voucher, redemption)
    if today < voucher.valid_from:
        return RedemptionRefused(RedemptionRefused.NOT_YET_VALID, voucher)
    if today > voucher.valid_until:
        return RedemptionRefused(RedemptionRefused.EXPIRED, voucher)
    return None


def redeem(actor, partner: Partner, typed_code: str) -> VoucherRedemption:
    """Spends the voucher at ``partner``. Raises :class:`RedemptionRefused`.

    The voucher row is locked (select_for_update) so racing confirmations queue up; the
    unique voucher on the ledger stops a second row even where locks are not available.
    """
    if not partner.active:
        raise RedemptionRefused(RedemptionRefused.PARTNER_INACTIVE)
    if not codes.looks_like_a_code(typed_code):
        raise RedemptionRefused(RedemptionRefused.UNKNOWN)
    try:
        with transaction.atomic():
            voucher = (
                Voucher.objects.select_for_update()
                .filter(code_hash=codes.code_hash(typed_code, PURPOSE))
                .first()
            )
            problem = refusal(voucher)
            if problem is not None:
                raise problem
            redemption = VoucherRedemption.objects.create(
                voucher=voucher, partner=partner, redeemed_by=actor
            )
            record(
                actor,
                "shares.redeem",
                voucher,
                changes={"partner": partner.name, "value": str(voucher.value)},
            )
    except IntegrityError:
        redemption = VoucherRedemption.objects.select_related("partner").get(
            voucher__code_hash=codes.code_hash(typed_code, PURPOSE)
        )
        raise RedemptionRefused(
            RedemptionRefused.ALREADY_REDEEMED, redemption.voucher, redemption
        ) from None
    return redemption
