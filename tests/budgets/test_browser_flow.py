"""End-to-end: one Meedoenbudget round from opening to accountability, in a real browser.

An administrator opens the round, residents form a group and submit a plan, the wijkmanager
asks for a change, the wijkwethouder approves, three residents vote (DigiD and a voting code),
voting closes and is counted with MES, and the group reports progress and spending."""

import re

from playwright.sync_api import expect

from meedoen.budgets import services
from meedoen.budgets.models import BudgetRound, Initiative, ResidentGroup
from meedoen.voting import services as voting_services
from meedoen.voting.codes import parse_recipients
from tests.browser_support import login_resident_in_browser
from tests.browser_support import login_staff_in_browser as _login_staff

FOUNDER = "999990093"  # Ivo Kramer, Keizerslanden
NEWCOMER = "999990019"  # Bram Jansen, Keizerslanden


def logout_in_browser(page):
    # Wait for the signed-out page, so the next navigation does not race the axe check.
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_text("U bent uitgelogd.")).to_be_visible()


def login_staff_in_browser(page, user):
    # A TOTP code counts once; the same person signs in again within 30 seconds here, so the
    # device forgets the last code used (as if the next time window had come).
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).update(last_t=-1)
    _login_staff(page, user)
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def _open_round_as_admin(page, admin):
    login_staff_in_browser(page, admin)
    page.get_by_role("link", name="Nieuwe budgetronde").first.click()
    page.get_by_label("Soort", exact=True).select_option("meedoenbudget")
    page.get_by_label("Wijk of dorp").select_option(label="Keizerslanden")
    page.get_by_label("Titel").fill("Meedoenbudget Keizerslanden 2027")
    page.get_by_label("Budget in euro").fill("25000")
    page.get_by_label("Ideeën vanaf").fill("2027-01-01T09:00")
    page.get_by_label("Beoordeling vanaf").fill("2027-03-01T09:00")
    page.get_by_label("Stemmen vanaf").fill("2027-04-01T09:00")
    page.get_by_label("Stemmen tot").fill("2027-04-21T18:00")
    page.get_by_label("Uitvoering vanaf").fill("2027-05-01T09:00")
    page.get_by_label("Fase wisselt vanzelf op de datums").uncheck()
    page.get_by_label("Minimumleeftijd om te stemmen").fill("12")
    page.get_by_label("Manier van stemmen").select_option("approval")
    page.get_by_label("Maximaal aantal keuzes").fill("3")
    page.get_by_role("button", name="Ronde opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meedoenbudget Keizerslanden 2027")
    page.get_by_role("link", name="Volgende fase").click()
    page.get_by_role("button", name=re.compile("Ja, naar fase")).click()
    expect(page.get_by_text("Fase: ideeën.")).to_be_visible()
    logout_in_browser(page)


def _fill_plan(page, amount):
    page.get_by_label("Titel").fill("Speeltuin De Vijfhoek opknappen")
    page.get_by_label("In één zin").fill("Nieuwe speeltoestellen en bankjes.")
    page.get_by_label("Beschrijving").fill("De speeltuin is oud. Wij willen hem samen opknappen.")
    page.get_by_label("Plek (bijvoorbeeld een straat of plein)").fill("Speeltuin De Vijfhoek")
    page.get_by_label("Contactpersoon", exact=True).fill("Ivo")
    page.get_by_label("E-mail contactpersoon").fill("ivo@example.org")
    page.get_by_label(re.compile("Sociale contacten")).check()
    page.get_by_label("Waarvoor?").nth(0).fill("Speeltoestel")
    page.get_by_label("Bedrag in euro").nth(0).fill(amount)
    page.get_by_label("Waarvoor?").nth(1).fill("Twee bankjes")
    page.get_by_label("Bedrag in euro").nth(1).fill("1200")
    page.get_by_label("Wat is er dan anders?").nth(0).fill("Kinderen spelen weer buiten")
    page.get_by_label("Voor wie?").nth(0).fill("kinderen van 4 tot 12 jaar")
    page.get_by_label("Wanneer?").nth(0).fill("2027-09-01")


def _vote_for_the_playground(page, ballot_url):
    if ballot_url:
        page.goto(ballot_url)
    page.get_by_label(re.compile("Speeltuin De Vijfhoek opknappen")).check()
    page.get_by_role("button", name="Verder: controleer uw stem").click()
    page.get_by_role("button", name="Verstuur mijn stem").click()
    expect(page.locator("#receipt-code")).to_be_visible()


def _review(page, wijkmanager, initiative, outcome, message=""):
    login_staff_in_browser(page, wijkmanager)
    page.goto(initiative.get_absolute_url())
    page.get_by_role("link", name="Plan beoordelen").click()
    page.get_by_label("ja", exact=True).check()
    page.get_by_label("de kosten kloppen").check()
    page.get_by_label("Advies", exact=True).fill("Haalbaar plan, goed voor de buurt.")
    page.get_by_label(outcome).check()
    page.get_by_label("Bericht aan de groep").fill(message)
    page.get_by_role("button", name="Beoordeling opslaan").click()
    expect(page.get_by_text("Uw beoordeling is opgeslagen.")).to_be_visible()
    logout_in_browser(page)


def test_round_from_opening_to_spending(page, make_staff, deventer_postcodes):
    admin = make_staff("administrator")
    wijkmanager = make_staff("wijkmanager", ["06"])
    wethouder = make_staff("wijkwethouder", ["06"])

    _open_round_as_admin(page, admin)
    budget_round = BudgetRound.objects.get()

    # A resident starts a group; a second resident joins through the invitation link.
    login_resident_in_browser(page, FOUNDER)
    page.goto("/budget/")
    page.get_by_role("link", name="Start een bewonersgroep").click()
    page.get_by_label("Naam van de groep").fill("Buurtteam Vijfhoek")
    page.get_by_label("Wat wil de groep doen?").fill("De speeltuin opknappen.")
    expect(page.get_by_label("Wijk of dorp")).to_have_value(str(budget_round.district_id))
    page.get_by_label("Uw naam in de groep").fill("Ivo")
    page.get_by_role("button", name="Groep aanmelden").click()
    expect(page.get_by_text("Uw groep is aangemeld.")).to_be_visible()
    page.get_by_role("button", name="Maak een uitnodigingslink").click()
    expect(page.get_by_text("Er is een nieuwe uitnodiging gemaakt.")).to_be_visible()
    link = page.get_by_label(re.compile("Uitnodigingslink")).input_value()
    logout_in_browser(page)
    login_resident_in_browser(page, NEWCOMER)
    page.goto(link)
    page.get_by_label("Uw naam in de groep").fill("Bram")
    page.get_by_role("button", name="Ja, ik doe mee").click()
    expect(page.get_by_text("Welkom! U bent nu lid van de groep.")).to_be_visible()
    members = page.locator("h2:has-text('Leden') + ul")
    expect(members).to_contain_text("Ivo")
    expect(members).to_contain_text("Bram")
    logout_in_browser(page)

    # The wijkmanager confirms the group from the district team page.
    login_staff_in_browser(page, wijkmanager)
    page.goto("/wijken/keizerslanden/team/")
    page.get_by_role("link", name="Bekijk groep Buurtteam Vijfhoek").click()
    page.get_by_label("Bevestig de groep").check()
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.get_by_text("Uw besluit over de groep is opgeslagen.")).to_be_visible()
    assert ResidentGroup.objects.get().status == ResidentGroup.Status.CONFIRMED
    logout_in_browser(page)

    # The group writes and submits a plan with budget lines and a goal.
    login_resident_in_browser(page, FOUNDER)
    page.goto(budget_round.get_absolute_url())
    page.get_by_role("link", name="Nieuw plan van Buurtteam Vijfhoek").click()
    _fill_plan(page, "8000")
    page.get_by_role("button", name="Plan opslaan").click()
    expect(page.get_by_text("€ 9.200,00").first).to_be_visible()
    page.get_by_role("button", name="Plan indienen").click()
    expect(page.get_by_text("Uw plan is ingediend.")).to_be_visible()
    logout_in_browser(page)
    initiative = Initiative.objects.get()
    services.advance_phase(budget_round, admin)  # ideas -> review

    _review(page, wijkmanager, initiative, "vraag de groep om aanpassing", "Vraag een offerte.")

    # The group sees the request, edits the plan and hands it in again.
    login_resident_in_browser(page, FOUNDER)
    page.goto(initiative.get_absolute_url())
    expect(page.get_by_text("Vraag een offerte.").first).to_be_visible()
    page.get_by_role("link", name="Plan wijzigen").click()
    page.get_by_label("Bedrag in euro").nth(0).fill("7500")
    page.get_by_role("button", name="Plan opslaan").click()
    expect(page.get_by_text("Uw wijzigingen zijn opgeslagen.")).to_be_visible()
    page.get_by_role("button", name="Opnieuw indienen").click()
    expect(page.get_by_text("Uw plan is ingediend.")).to_be_visible()
    logout_in_browser(page)

    _review(page, wijkmanager, initiative, "door naar de volgende stap")

    login_staff_in_browser(page, wethouder)
    page.goto("/wijken/keizerslanden/team/")
    page.get_by_role("link", name="Speeltuin De Vijfhoek opknappen").click()
    page.get_by_role("link", name="Besluit als wethouder").click()
    page.get_by_label("Goedkeuren: het plan gaat naar de stemming").check()
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.get_by_text("goedgekeurd voor stemming").first).to_be_visible()
    logout_in_browser(page)

    # Voting: two residents with DigiD, a third with the voting code from a letter.
    services.advance_phase(budget_round, admin)  # review -> voting
    upload = parse_recipients("postcode;huisnummer\n7417 AB;3\n")
    _batch, [(_recipient, code)] = voting_services.create_voting_codes(budget_round, upload, None)
    for bsn in (FOUNDER, NEWCOMER):
        login_resident_in_browser(page, bsn)
        _vote_for_the_playground(page, f"/stemmen/{budget_round.slug}/")
        logout_in_browser(page)
    page.goto("/inloggen/")
    page.get_by_role("link", name="Stemmen met een stemcode").click()
    page.get_by_label("Uw stemcode").fill(code)
    page.get_by_role("button", name="Verder naar het stembiljet").click()
    _vote_for_the_playground(page, None)

    # The administrator closes voting; the round is counted with MES and explained.
    login_staff_in_browser(page, admin)
    page.get_by_role("link", name=re.compile("Stemrondes")).click()
    page.get_by_role("link", name=budget_round.title).click()
    page.get_by_role("button", name="Sluit het stemmen en tel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Uitslag: {budget_round.title}")
    expect(page.get_by_text("3 inwoners stemden")).to_be_visible()
    expect(page.get_by_text(re.compile("Gekozen in ronde 1. De 3 stemmers")).first).to_be_visible()
    logout_in_browser(page)
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.SELECTED
    budget_round.refresh_from_db()
    services.advance_phase(budget_round, admin)  # results -> execution

    login_resident_in_browser(page, FOUNDER)
    page.goto(initiative.get_absolute_url())
    page.get_by_role("link", name="Voortgang melden").click()
    page.get_by_label("Wat is er gebeurd?").fill("Het speeltoestel is besteld.")
    page.get_by_label("Hoeveel procent is klaar?").fill("40")
    page.get_by_role("button", name="Voortgang opslaan").click()
    expect(page.get_by_text("De voortgang is opgeslagen.")).to_be_visible()
    page.get_by_role("link", name="Uitgave melden").click()
    page.get_by_label("Begrotingsregel").select_option(index=1)
    page.get_by_label("Waaraan is het geld besteed?").fill("Aanbetaling speeltoestel")
    page.get_by_label("Bedrag in euro").fill("3000")
    page.get_by_label("Bon of factuur").set_input_files(
        {"name": "factuur.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 factuur"}
    )
    page.get_by_role("button", name="Uitgave opslaan").click()
    expect(page.get_by_text("Het wijkteam controleert hem.")).to_be_visible()
    logout_in_browser(page)

    login_staff_in_browser(page, wijkmanager)
    page.goto("/wijken/keizerslanden/team/")
    page.get_by_role("link", name=re.compile("Aanbetaling speeltoestel")).click()
    page.get_by_label("Goedkeuren").check()
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.get_by_text("Uw besluit over de uitgave is opgeslagen.")).to_be_visible()
    logout_in_browser(page)

    # The district page shows what was decided and what came of it.
    page.goto("/wijken/keizerslanden/")
    row = page.get_by_role("row", name=re.compile("Speeltuin De Vijfhoek opknappen"))
    expect(row).to_contain_text("€ 8.700,00")
    expect(row).to_contain_text("€ 3.000,00")
    expect(row).to_contain_text("40%")


def test_round_form_rejects_dates_out_of_order_and_keeps_input(page, make_staff):
    login_staff_in_browser(page, make_staff("administrator"))
    page.goto("/budget/ronde/nieuw/")
    page.get_by_label("Soort", exact=True).select_option("burgerbegroting")
    page.get_by_label("Titel").fill("Burgerbegroting 2027")
    page.get_by_label("Budget in euro").fill("500000")
    page.get_by_label("Ideeën vanaf").fill("2027-03-01T09:00")
    page.get_by_label("Beoordeling vanaf").fill("2027-02-01T09:00")
    page.get_by_label("Stemmen vanaf").fill("2027-04-01T09:00")
    page.get_by_label("Stemmen tot").fill("2027-04-21T18:00")
    page.get_by_label("Uitvoering vanaf").fill("2027-05-01T09:00")
    page.get_by_label("Manier van stemmen").select_option("themes")
    page.get_by_label("Thema's").fill("wonen")
    page.get_by_role("button", name="Ronde opslaan").click()
    expect(page.get_by_text("Deze datum moet na 'Ideeën vanaf' liggen.").first).to_be_visible()
    expect(page.get_by_text("Zet minstens twee thema's in de lijst").first).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value("Burgerbegroting 2027")
    expect(page.get_by_label("Thema's")).to_have_value("wonen")
    assert not BudgetRound.objects.exists()
