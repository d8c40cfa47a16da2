"""Reads for the staff overview of dividend vouchers."""

from django.db.models import Count, Q, Sum
from django.utils import timezone

from meedoen.lotteries.models import Panel
from meedoen.shares.models import Partner, Voucher


def meetings_with_totals(today=None):
    today = today or timezone.localdate()
    open_ = Q(vouchers__redemption__isnull=True)
    return (
        Panel.objects.filter(
            Q(kind=Panel.Kind.COOWNERS) | Q(pk__in=Voucher.objects.values("panel"))
        )
        .annotate(
            issued=Count("vouchers", distinct=True),
            redeemed=Count("vouchers", filter=Q(vouchers__redemption__isnull=False), distinct=True),
            expired=Count(
                "vouchers", filter=open_ & Q(vouchers__valid_until__lt=today), distinct=True
            ),
            still_open=Count(
                "vouchers", filter=open_ & Q(vouchers__valid_until__gte=today), distinct=True
            ),
        )
        .order_by("-created_at")
    )


def partners_with_totals():
    return Partner.objects.annotate(
        redeemed=Count("redemptions"), redeemed_value=Sum("redemptions__voucher__value")
    ).order_by("name")
