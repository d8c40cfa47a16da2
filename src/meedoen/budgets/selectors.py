"""Reads of the budgets context that other pages show (home, district pages)."""

from meedoen.budgets.models import ResidentGroup


def home_overview() -> dict:
    return {}


def district_overview(district, user) -> dict:
    return {
        "resident_groups": ResidentGroup.objects.filter(
            district=district, status=ResidentGroup.Status.CONFIRMED
        )
    }


def district_staff_overview(district) -> dict:
    return {
        "pending_groups": ResidentGroup.objects.filter(
            district=district, status=ResidentGroup.Status.PENDING
        )
    }
