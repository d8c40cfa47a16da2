import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from meedoen.lotteries.models import Panel
from meedoen.shares import services
from meedoen.shares.models import Partner, PartnerMember
from tests.conftest import login_staff
from tests.factories import StaffFactory, district


@pytest.fixture
def meeting(db):
    return Panel.objects.create(
        kind=Panel.Kind.COOWNERS,
        title="Mede-eigenaren: de binnenstad in 2040",
        slug="mede-eigenaren-binnenstad",
        topic="Hoe houden we de binnenstad levendig?",
        panel_size=40,
    )


@pytest.fixture
def bakery(db):
    return Partner.objects.create(
        name="Bakkerij De Deventer Koek",
        address="Brink 12, Deventer",
        district=district("01"),
        offer="Een Deventer koek of brood naar keuze",
    )


@pytest.fixture
def library(db):
    return Partner.objects.create(
        name="Bibliotheek Deventer",
        address="Stromarkt 18, Deventer",
        district=district("01"),
        offer="Een jaar lid of een cursus",
    )


@pytest.fixture
def partner_user(bakery):
    user = StaffFactory(username="bakker")
    PartnerMember.objects.create(user=user, partner=bakery)
    return user


@pytest.fixture
def partner_client(client, partner_user):
    login_staff(client, partner_user)
    return client


@pytest.fixture
def issue(meeting):
    """issue(**overrides) -> the plain code of a fresh voucher, valid today by default."""

    def make(value="25.00", valid_from=None, valid_until=None, name="Fatima"):
        today = timezone.localdate()
        issued = services.issue_vouchers(
            None,
            meeting,
            value=Decimal(value),
            valid_from=valid_from or today - dt.timedelta(days=1),
            valid_until=valid_until or today + dt.timedelta(days=90),
            first_names=[name],
        )
        return issued[0].code

    return make
