"""End-to-end: a partner signs in and redeems a voucher by typing its code."""

from django_otp.oath import totp
from playwright.sync_api import expect

from meedoen import paper_codes as codes
from tests.browser_support import login_staff_in_browser, logout_in_browser


def test_partner_logs_in_redeems_by_typing_and_second_try_says_already_used(
    page, partner_user, issue
):
    code = issue(value="25.00")
    page.goto("/mede-aandeel/")
    page.get_by_role("link", name="Bon inwisselen (voor partners)").click()
    page.get_by_role("link", name="Inloggen als medewerker").click()
    page.get_by_label("Gebruikersnaam").fill(partner_user.username)
    page.get_by_label("Wachtwoord").fill("correct-horse-battery")
    page.get_by_role("button", name="Volgende").click()
    device = partner_user.totpdevice_set.get()
    page.get_by_label("Code uit uw app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bon inwisselen")
    page.get_by_label("Code van de bon").fill(codes.formatted(code).lower())
    page.get_by_role("button", name="Bon bekijken").click()
    expect(page.get_by_text("Nog niet gebruikt")).to_be_visible()
    page.get_by_role("button", name="Inwisselen: € 25").click()
    expect(page.get_by_text("Gelukt.")).to_be_visible()
    page.get_by_label("Code van de bon").fill(code)
    page.get_by_role("button", name="Bon bekijken").click()
    expect(page.get_by_role("alert")).to_contain_text("al gebruikt op")


def test_administrator_sees_overview_and_issue_form_and_resident_checks_a_code(
    page, make_staff, issue, meeting
):
    code = issue()
    login_staff_in_browser(page, make_staff("administrator"))
    page.goto("/mede-aandeel/beheer/")
    expect(
        page.get_by_role("table", name="Uitgegeven, gebruikte en verlopen bonnen")
    ).to_contain_text(meeting.title)
    page.get_by_role("link", name=f"Bonnen maken voor {meeting.title}").click()
    expect(page.get_by_label("Waarde per bon (euro)")).to_have_value("25")
    logout_in_browser(page)
    page.goto("/mede-aandeel/bon-controleren/")
    page.get_by_label("Code van de bon").fill(code)
    page.get_by_role("button", name="Bekijk de bon").click()
    expect(page.get_by_text("Nog niet gebruikt: u kunt deze bon gebruiken.")).to_be_visible()
