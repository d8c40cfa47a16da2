"""End-to-end: a child votes with a code from school; the results page names the winner."""

from playwright.sync_api import expect

from meedoen.kinderraad import services
from meedoen.kinderraad.models import Application
from tests.browser_support import login_staff_in_browser
from tests.kinderraad.helpers import drawn_council, make_council, open_election


def test_child_votes_with_a_code_and_results_show_the_winner(page):
    council, _schools = drawn_council(size=3)
    election = open_election(council)
    code = services.generate_codes(None, election, Application.objects.first().school, 1)[0]
    favourite = election.candidates.order_by("first_name").first()
    page.goto("/kinderraad/")
    page.get_by_role("link", name="Naar stemmen").click()
    page.get_by_label("Jouw stemcode").fill(code)
    page.get_by_role("button", name="Verder").click()
    page.get_by_label("Jouw keuze 1").select_option(str(favourite.pk))
    page.get_by_role("button", name="Stem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je hebt gestemd. Dank je wel!")
    services.close_election(None, election)
    page.goto(f"/kinderraad/{council.slug}/uitslag/")
    expect(
        page.get_by_text(
            f"{favourite.first_name} van {favourite.school.name} is de nieuwe kinderburgemeester!"
        )
    ).to_be_visible()


def test_administrator_draws_the_council_and_opens_the_election(page, make_staff):
    council, _schools = make_council(size=4, quotas=[(0, 1, 2)])
    admin = make_staff("administrator")
    login_staff_in_browser(page, admin)
    page.goto(f"/kinderraad/beheer/{council.slug}/")
    page.get_by_label("Startgetal van de loting").fill("6-1-3")
    page.get_by_role("button", name="Loot 4 kinderen").click()
    expect(page.get_by_text("De kinderraad is geloot.")).to_be_visible()
    page.get_by_role("button", name="Open de verkiezing").click()
    expect(page.get_by_text("De verkiezing is open.")).to_be_visible()
    page.goto(f"/kinderraad/{council.slug}/")
    expect(page.get_by_text("6-1-3")).to_be_visible()
    expect(page.get_by_role("table", name="Kans per school")).to_be_visible()
