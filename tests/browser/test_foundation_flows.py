"""End-to-end: a resident and a staff member use the platform in a real browser."""

import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from meedoen.accounts.models import User


def test_home_shows_districts_and_keyboard_reaches_main_menu(page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Doe mee in Deventer")
    expect(page.get_by_role("link", name="Keizerslanden").first).to_be_visible()
    # Keyboard only: the first Tab lands on the skip link, then the menu follows.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    focused = []
    for _ in range(10):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.textContent.trim()"))
    assert "Wijken en dorpen" in focused
    assert "Inloggen" in focused
    while page.evaluate("document.activeElement.textContent.trim()") != "Wijken en dorpen":
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/wijken/$"))
    expect(page.get_by_role("heading", name="Deventer Buiten")).to_be_visible()


def test_resident_logs_in_with_mock_digid_sees_data_and_deletes_account(page, deventer_postcodes):
    page.goto("/inloggen/")
    page.get_by_role("link", name="Inloggen met DigiD (testomgeving)").click()
    page.get_by_label("Testpersoon").select_option("999990019")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn gegevens")
    expect(page.get_by_text("Keizerslanden").first).to_be_visible()
    expect(page.get_by_text("2010")).to_be_visible()
    page.get_by_role("link", name="Naar de pagina van Keizerslanden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Keizerslanden")
    page.goto("/mijn-gegevens/")
    page.get_by_role("link", name="Mijn account verwijderen").click()
    page.get_by_role("button", name="Verwijder mijn account").click()
    expect(page.get_by_text("Vink aan dat u uw account wilt verwijderen.").first).to_be_visible()
    page.get_by_label("Ja, verwijder mijn account en mijn gegevens").check()
    page.get_by_role("button", name="Verwijder mijn account").click()
    expect(page.get_by_text("Uw account en uw gegevens zijn verwijderd.")).to_be_visible()
    assert not User.objects.filter(kind=User.Kind.RESIDENT).exists()


def test_mock_digid_rejects_an_invalid_bsn_and_keeps_it(page):
    page.goto("/inloggen/digid-test/")
    page.get_by_label("Of typ een BSN").fill("123456789")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("Dit is geen geldig BSN").first).to_be_visible()
    expect(page.get_by_label("Of typ een BSN")).to_have_value("123456789")


def test_staff_logs_in_with_keyboard_password_and_totp(page, make_staff):
    staff = make_staff("wijkmanager", ["06"])
    page.goto("/inloggen/medewerker/")
    page.get_by_label("Gebruikersnaam").focus()
    page.keyboard.type(staff.username)
    page.keyboard.press("Tab")
    page.keyboard.type("correct-horse-battery")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Code invullen")
    device = staff.totpdevice_set.get()
    page.get_by_label("Code uit uw app").fill(f"{totp(device.bin_key):06d}")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Voor medewerkers")
    page.get_by_role("link", name="Keizerslanden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wijkteam Keizerslanden")
    response = page.goto("/wijken/binnenstad/team/")
    assert response.status == 403


@pytest.mark.parametrize("path", ["/toegankelijkheid", "/privacy/", "/wijken/bathmen/"])
def test_public_pages_pass_axe(page, path):
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
