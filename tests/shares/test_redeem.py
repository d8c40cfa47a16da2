"""Redeeming dividend vouchers: once only, with clear messages, only by partners."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from meedoen import paper_codes as codes
from meedoen.audit.models import AuditEvent
from meedoen.shares import services
from meedoen.shares.models import PartnerMember, Voucher, VoucherRedemption
from meedoen.shares.services import RedemptionRefused
from tests.conftest import login_staff
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_codes_are_long_unambiguous_and_stored_only_as_a_keyed_hash(issue):
    code = issue()
    assert len(code) == 12 and set(code) <= set(codes.ALPHABET)
    assert not set(code) & set("01OIL")
    voucher = Voucher.objects.get()
    assert code not in voucher.code_hash
    assert voucher.code_hash == codes.code_hash(codes.formatted(code).lower(), "voucher")
    assert codes.code_hash(code, "voucher") != codes.code_hash(code, "kinderraad")


def test_sequential_double_redemption_is_refused_with_date_and_partner(issue, bakery, partner_user):
    code = issue()
    redemption = services.redeem(partner_user, bakery, code)
    assert redemption.voucher.code_hash == codes.code_hash(code, "voucher")
    with pytest.raises(RedemptionRefused) as refused:
        services.redeem(partner_user, bakery, code)
    assert refused.value.reason == RedemptionRefused.ALREADY_REDEEMED
    assert refused.value.redemption.partner == bakery
    assert VoucherRedemption.objects.count() == 1
    assert AuditEvent.objects.filter(action="shares.redeem").count() == 1


@pytest.mark.parametrize(
    ("days_from", "days_until", "reason"),
    [(-30, -1, RedemptionRefused.EXPIRED), (2, 30, RedemptionRefused.NOT_YET_VALID)],
)
def test_voucher_outside_its_validity_cannot_be_redeemed(
    issue, bakery, partner_user, days_from, days_until, reason
):
    today = timezone.localdate()
    code = issue(
        valid_from=today + dt.timedelta(days=days_from),
        valid_until=today + dt.timedelta(days=days_until),
    )
    with pytest.raises(RedemptionRefused) as refused:
        services.redeem(partner_user, bakery, code)
    assert refused.value.reason == reason
    assert not VoucherRedemption.objects.exists()


def test_voucher_is_valid_on_its_last_day(issue, bakery, partner_user):
    code = issue(valid_until=timezone.localdate())
    assert services.redeem(partner_user, bakery, code).partner == bakery


def test_partner_sees_value_then_confirms_and_second_try_says_already_used(partner_client, issue):
    code = issue(value="17.50")
    url = reverse("shares:redeem")
    shown = partner_client.get(url, {"code": codes.formatted(code)})
    assert "17,50" in shown.content.decode() or "17.50" in shown.content.decode()
    assert "Inwisselen" in shown.content.decode()
    assert not VoucherRedemption.objects.exists()  # looking is not spending
    done = partner_client.post(url, {"code": code.lower(), "confirm": "1"})
    assert "Gelukt" in done.content.decode()
    again = partner_client.post(url, {"code": code, "confirm": "1"})
    body = again.content.decode()
    assert "Deze bon is al gebruikt op" in body and "Bakkerij De Deventer Koek" in body
    assert VoucherRedemption.objects.count() == 1


def test_unknown_code_gets_a_clear_message_and_keeps_what_was_typed(partner_client):
    response = partner_client.post(reverse("shares:redeem"), {"code": "ABCD-EFGH-JKMN"})
    body = response.content.decode()
    assert "Deze code kennen we niet" in body
    assert 'value="ABCD-EFGH-JKMN"' in body


def test_code_with_wrong_length_or_lookalikes_is_explained(partner_client):
    short = partner_client.post(reverse("shares:redeem"), {"code": "ABCD-EFGH"})
    assert "Een code heeft 12 tekens. U typte er 8." in short.content.decode()
    lookalike = partner_client.post(reverse("shares:redeem"), {"code": "ABCD-EFGH-JKM0"})
    assert "nooit een 0, 1, O, I of L" in lookalike.content.decode()


def test_expired_voucher_message_names_the_last_valid_day(partner_client, issue):
    today = timezone.localdate()
    code = issue(valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2020, 6, 30))
    assert today > dt.date(2020, 6, 30)
    response = partner_client.post(reverse("shares:redeem"), {"code": code, "confirm": "1"})
    assert (
        "Deze bon is verlopen. Hij was geldig tot en met 30 juni 2020." in response.content.decode()
    )


def test_another_partner_learns_only_that_the_voucher_was_used(
    client, issue, bakery, library, partner_user
):
    code = issue()
    services.redeem(partner_user, bakery, code)
    librarian = StaffFactory()
    PartnerMember.objects.create(user=librarian, partner=library)
    login_staff(client, librarian)
    body = client.get(reverse("shares:redeem"), {"code": code}).content.decode()
    assert "al gebruikt op" in body and "bij een andere partner" in body
    assert "Bakkerij" not in body
    assert "Fatima" not in body and "binnenstad in 2040" not in body


@pytest.mark.parametrize("who", ["administrator", "wijkmanager", "inactive_partner", "no_totp"])
def test_only_signed_in_members_of_an_active_partner_may_redeem(client, issue, bakery, who):
    code = issue()
    user = StaffFactory(role=who if who in {"administrator", "wijkmanager"} else None)
    if who == "inactive_partner":
        PartnerMember.objects.create(user=user, partner=bakery)
        bakery.active = False
        bakery.save()
    if who == "no_totp":
        PartnerMember.objects.create(user=user, partner=bakery)
        client.force_login(user)  # password only, second factor not passed
    else:
        login_staff(client, user)
    response = client.post(reverse("shares:redeem"), {"code": code, "confirm": "1"})
    assert response.status_code == 403
    assert not VoucherRedemption.objects.exists()


def test_resident_checks_status_with_the_code(client, issue, bakery, partner_user):
    code = issue(value="25.00")
    fresh = client.post(reverse("shares:check"), {"code": code}).content.decode()
    assert "Nog niet gebruikt" in fresh and "25" in fresh
    services.redeem(partner_user, bakery, code)
    used = client.post(reverse("shares:check"), {"code": code}).content.decode()
    assert "Deze bon is al gebruikt op" in used and "Bakkerij De Deventer Koek" in used


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_redemptions_of_one_voucher_only_one_succeeds(
    transactional_db, issue, bakery, partner_user
):
    if connection.vendor != "postgresql":
        pytest.skip("a true race needs a server database (PostgreSQL)")
    code = issue()
    barrier = threading.Barrier(20)
    outcomes = []
    lock = threading.Lock()

    def attempt():
        try:
            barrier.wait()
            try:
                services.redeem(partner_user, bakery, code)
                result = "ok"
            except RedemptionRefused as refused:
                result = refused.reason
            with lock:
                outcomes.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1
    assert outcomes.count(RedemptionRefused.ALREADY_REDEEMED) == 19
    assert VoucherRedemption.objects.count() == 1


@pytest.mark.django_db
def test_partner_lands_on_the_redeem_page_after_login(client, partner_user, settings):
    from django.urls import reverse
    from django_otp.oath import totp

    client.post(
        reverse("accounts:staff_login"),
        {"username": partner_user.username, "password": "correct-horse-battery"},
    )
    device = partner_user.totpdevice_set.get()
    response = client.post(
        reverse("accounts:staff_token"), {"token": f"{totp(device.bin_key):06d}"}
    )
    assert response["Location"] == reverse("shares:redeem")
