"""End-to-end: three residents vote (two with DigiD, one with a code), an admin counts."""

import re

from playwright.sync_api import expect

from meedoen.voting import services
from meedoen.voting.codes import parse_recipients
from tests.browser_support import (
    login_resident_in_browser,
    login_staff_in_browser,
    logout_in_browser,
)
from tests.voting.support import make_round


def vote_for(page, slug, *titles):
    page.goto(f"/stemmen/{slug}/")
    for title in titles:
        page.get_by_label(re.compile(title)).check()
    page.get_by_role("button", name="Verder: controleer uw stem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Controleer uw stem")


def test_three_residents_vote_and_the_admin_counts_with_mes(page, deventer_postcodes, make_staff):
    budget_round, _plans = make_round(costs=(60, 50, 40), budget=100, max_choices=2)
    upload = parse_recipients("postcode;huisnummer\n7417 AB;3\n")
    _batch, [(_r, code)] = services.create_voting_codes(budget_round, upload, None)
    slug = budget_round.slug

    # Ivo chooses two plans, sees the live total, goes back from the review and changes.
    login_resident_in_browser(page, "999990093")
    page.goto(f"/stemmen/{slug}/")
    page.get_by_label(re.compile("Plan 1")).check()
    page.get_by_label(re.compile("Plan 2")).check()
    expect(page.locator("#ballot-total")).to_have_text("U koos 2 van maximaal 2 plannen.")
    page.get_by_role("button", name="Verder: controleer uw stem").click()
    expect(page.get_by_role("cell", name="Plan 2")).to_be_visible()
    page.get_by_role("link", name="Wijzig mijn keuze").click()
    expect(page.get_by_label(re.compile("Plan 2"))).to_be_checked()
    page.get_by_label(re.compile("Plan 2")).uncheck()
    page.get_by_role("button", name="Verder: controleer uw stem").click()
    expect(page.get_by_role("cell", name="Plan 2")).to_have_count(0)
    page.get_by_role("button", name="Verstuur mijn stem").click()
    receipt = page.locator("#receipt-code").inner_text()
    page.get_by_role("link", name="Controleer of uw stem is geteld").click()
    page.get_by_label("Uw ontvangstcode").fill(receipt)
    page.get_by_role("button", name="Controleer").click()
    expect(page.get_by_text("Uw stem is ontvangen en telt mee.")).to_be_visible()
    logout_in_browser(page)

    login_resident_in_browser(page, "999990019")
    vote_for(page, slug, "Plan 1")
    page.get_by_role("button", name="Verstuur mijn stem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dank u voor uw stem")
    logout_in_browser(page)

    # The third resident has no DigiD at hand: the letter's code.
    page.goto("/inloggen/")
    page.get_by_role("link", name="Stemmen met een stemcode").click()
    page.get_by_label("Uw stemcode").fill(code)
    page.get_by_role("button", name="Verder naar het stembiljet").click()
    page.get_by_label(re.compile("Plan 3")).check()
    page.get_by_role("button", name="Verder: controleer uw stem").click()
    page.get_by_role("button", name="Verstuur mijn stem").click()
    expect(page.locator("#receipt-code")).to_be_visible()

    admin = make_staff("administrator")
    login_staff_in_browser(page, admin)
    page.get_by_role("link", name=re.compile("Stemrondes")).click()
    page.get_by_role("link", name=budget_round.title).click()
    expect(page.get_by_text("Online stemmen")).to_be_visible()
    page.get_by_role("button", name="Sluit het stemmen en tel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Uitslag: {budget_round.title}")
    expect(page.get_by_text("3 inwoners stemden")).to_be_visible()
    expect(
        page.get_by_text(
            "Gekozen in ronde 1. De 2 stemmers die dit plan kozen, betaalden samen € 60"
        )
    ).to_be_visible()
    expect(page.get_by_text("hadden samen nog € 6,67 te weinig over")).to_be_visible()
    expect(page.get_by_text("Niet gekozen: niemand heeft op dit plan gestemd.")).to_be_visible()
