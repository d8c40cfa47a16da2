import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from meedoen.accounts.models import User
from meedoen.accounts.pseudonym import bsn_pseudonym, is_valid_bsn
from meedoen.audit.models import AuditEvent
from tests.factories import StaffFactory


@pytest.mark.parametrize("bsn", ["999990007", "999990019", "111222333"])
def test_valid_bsns_pass_the_eleven_test(bsn):
    assert is_valid_bsn(bsn)


@pytest.mark.parametrize("bsn", ["123456789", "999990008", "12345", "abcdefghi", "", "000000000"])
def test_invalid_bsns_fail_the_eleven_test(bsn):
    assert not is_valid_bsn(bsn)


def test_pseudonym_is_keyed_and_stable(settings):
    first = bsn_pseudonym("999990007")
    assert first == bsn_pseudonym("999990007")
    assert "999990007" not in first
    settings.BSN_PSEUDONYM_KEY = "another-key"
    assert bsn_pseudonym("999990007") != first


@pytest.mark.django_db
def test_mock_digid_login_creates_resident_with_only_district_and_birth_year(
    client, deventer_postcodes
):
    response = client.post(reverse("accounts:mock_digid"), {"person": "999990019"})
    assert response.status_code == 302
    user = User.objects.get()
    assert user.kind == User.Kind.RESIDENT
    assert user.district.name == "Keizerslanden"
    assert user.birth_year == 2010
    assert user.bsn_pseudonym == bsn_pseudonym("999990019")
    stored = " ".join(str(v) for v in User.objects.values().get().values())
    assert "999990019" not in stored and "Bram" not in stored
    assert AuditEvent.objects.filter(action="login.digid-mock").count() == 1


@pytest.mark.django_db
def test_returning_resident_is_recognised(client, deventer_postcodes):
    client.post(reverse("accounts:mock_digid"), {"bsn": "999990007"})
    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:mock_digid"), {"bsn": "999990007"})
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_mock_digid_is_off_in_production(client, settings):
    settings.MOCK_DIGID_ENABLED = False
    assert client.get(reverse("accounts:mock_digid")).status_code == 404


@pytest.mark.django_db
def test_bsn_unknown_to_the_brp_gets_an_account_without_district(client):
    client.post(reverse("accounts:mock_digid"), {"bsn": "111222333"})
    user = User.objects.get()
    assert user.district is None and user.birth_year is None


@pytest.mark.django_db
def test_staff_login_needs_password_and_totp(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code would otherwise pause the device
    staff = StaffFactory(role="administrator")
    response = client.post(
        reverse("accounts:staff_login"),
        {"username": staff.username, "password": "correct-horse-battery"},
    )
    assert response["Location"] == reverse("accounts:staff_token")
    # Password alone does not sign in.
    assert client.get(reverse("audit:list")).status_code == 302
    response = client.post(reverse("accounts:staff_token"), {"token": "000000"})
    assert "Deze code klopt niet" in response.content.decode()
    device = staff.totpdevice_set.get()
    response = client.post(
        reverse("accounts:staff_token"), {"token": f"{totp(device.bin_key):06d}"}
    )
    assert response["Location"] == reverse("accounts:staff_home")
    assert client.get(reverse("audit:list")).status_code == 200
    assert AuditEvent.objects.filter(action="login.staff", actor_id=staff.pk).exists()


@pytest.mark.django_db
def test_staff_without_app_links_one_at_first_login(client):
    staff = StaffFactory(role="moderator")
    TOTPDevice.objects.filter(user=staff).delete()
    client.post(
        reverse("accounts:staff_login"),
        {"username": staff.username, "password": "correct-horse-battery"},
    )
    response = client.get(reverse("accounts:staff_totp_setup"))
    assert response.status_code == 200
    assert "data:image/svg+xml" in response.content.decode()
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    response = client.post(
        reverse("accounts:staff_totp_setup"), {"token": f"{totp(device.bin_key):06d}"}
    )
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=staff).confirmed


@pytest.mark.django_db
def test_wrong_password_keeps_username_and_locks_out_after_five_attempts(client):
    staff = StaffFactory(role="administrator")
    for _ in range(5):
        response = client.post(
            reverse("accounts:staff_login"), {"username": staff.username, "password": "wrong"}
        )
    assert response.status_code in (200, 429)
    response = client.post(
        reverse("accounts:staff_login"),
        {"username": staff.username, "password": "correct-horse-battery"},
    )
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode()


@pytest.mark.django_db
def test_rejected_staff_login_keeps_the_username(client):
    staff = StaffFactory(role="administrator")
    response = client.post(
        reverse("accounts:staff_login"), {"username": staff.username, "password": "wrong"}
    )
    body = response.content.decode()
    assert "Gebruikersnaam of wachtwoord klopt niet" in body
    assert f'value="{staff.username}"' in body


@pytest.mark.django_db
def test_residents_cannot_use_the_staff_login(client, resident):
    resident.set_password("correct-horse-battery")
    resident.save()
    response = client.post(
        reverse("accounts:staff_login"),
        {"username": resident.username, "password": "correct-horse-battery"},
    )
    assert "klopt niet" in response.content.decode()


@pytest.mark.django_db
def test_resident_deletes_account(resident_client, resident):
    response = resident_client.post(reverse("accounts:delete_account"), {})
    assert "Vink aan" in response.content.decode()
    response = resident_client.post(reverse("accounts:delete_account"), {"confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=resident.pk).exists()
    assert AuditEvent.objects.filter(action="accounts.deleted").exists()


@pytest.mark.django_db
def test_email_preference_needs_an_address(resident_client, resident):
    response = resident_client.post(reverse("accounts:my_data"), {"notify_by_email": "on"})
    assert "Vul een e-mailadres in" in response.content.decode()
    resident_client.post(
        reverse("accounts:my_data"), {"notify_by_email": "on", "email": "a@example.org"}
    )
    resident.refresh_from_db()
    assert resident.notify_by_email and resident.email == "a@example.org"


def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_SAVE_EVERY_REQUEST
