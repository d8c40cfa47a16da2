"""Done-when of the issue: a burgerberaad drawn end to end in a real browser."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from meedoen.lotteries.models import Invitation, Panel
from tests.browser_support import login_staff_in_browser
from tests.lotteries.conftest import code_of, population_csv

CLI = Path(sys.executable).parent / "meedoen-sortition"


@pytest.fixture(autouse=True)
def _patient_expect():
    """The machine is shared and axe runs on every page load: give assertions the same
    15 s the page actions get (Playwright's default for expect is 5 s), then restore it."""
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


def save_download(page, link_name, target: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    info.value.save_as(target)
    return target


def register_in_browser(page, code, age, sex, email):
    page.goto(f"/loting/aanmelden/?code={code}")
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Aanmelden: Autoluwe binnenstad")
    page.get_by_label("Leeftijd").select_option(age)
    page.get_by_label("Geslacht").select_option(sex)
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Ik doe mee aan de loting").check()
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor uw aanmelding")


def test_burgerberaad_is_drawn_end_to_end_and_both_stages_verify(page, make_staff, tmp_path):
    admin = make_staff("administrator")
    login_staff_in_browser(page, admin)
    expect(page.get_by_role("heading", level=1)).to_have_text("Voor medewerkers")
    page.get_by_role(
        "link", name="Burgerberaden, burgertoppen en mede-eigenarenbijeenkomsten"
    ).click()
    page.get_by_role("link", name="Nieuw panel").click()
    page.get_by_label("Soort").select_option("burgerberaad")
    page.get_by_label("Titel").fill("Autoluwe binnenstad")
    page.get_by_label("Onderwerp").fill("Hoe maken we de binnenstad autoluw?")
    page.get_by_label("Plaats").fill("Stadhuis Deventer")
    page.get_by_label("Eerste bijeenkomst").fill("2027-03-06")
    page.get_by_label("Aantal deelnemers").fill("2")
    page.get_by_label("Aantal uitnodigingen").fill("12")
    page.get_by_label("Tonen op de website").check()
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Quota voor Autoluwe binnenstad")
    rows = [
        ("Leeftijd", "16-39", "0", "2"),
        ("Leeftijd", "40+", "0", "2"),
        ("Geslacht", "vrouw", "1", "1"),
        ("Geslacht", "man", "1", "1"),
    ]
    for n, (category, value, low, high) in enumerate(rows, start=1):
        page.get_by_label(f"Kenmerk regel {n}", exact=True).fill(category)
        page.get_by_label(f"Waarde regel {n}", exact=True).fill(value)
        page.get_by_label(f"Minimaal regel {n}", exact=True).fill(low)
        page.get_by_label(f"Maximaal regel {n}", exact=True).fill(high)
    page.get_by_role("button", name="Quota opslaan").click()
    expect(page.get_by_text("De quota zijn opgeslagen.")).to_be_visible()

    population = tmp_path / "bevolking.csv"
    population.write_bytes(population_csv(60))
    page.get_by_role("link", name="Bevolkingsbestand laden").click()
    page.get_by_label("Bevolkingsbestand (CSV)").set_input_files(population)
    page.get_by_role("button", name="Bestand laden").click()
    expect(page.get_by_text("Het bestand is geladen: 60 personen.")).to_be_visible()

    page.get_by_role("link", name="Uitnodigingen loten").click()
    page.get_by_label("Startgetal van de loting (seed)").fill("17 3 29 8")
    page.get_by_role("button", name="Uitnodigingen loten").click()
    expect(page.get_by_text("Alleen wie is uitgenodigd, staat nog in het systeem.")).to_be_visible()

    letters = save_download(page, "Brieven downloaden (pdf)", tmp_path / "brieven.pdf")
    content = letters.read_bytes()
    assert content.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", content)) == 12

    panel = Panel.objects.get(slug="autoluwe-binnenstad")
    first, second, third = panel.invitations.order_by("draw_position")[:3]
    register_in_browser(page, code_of(first), "40+", "vrouw", "een@example.org")
    register_in_browser(page, code_of(second), "16-39", "man", "twee@example.org")
    register_in_browser(page, code_of(third), "40+", "man", "drie@example.org")

    page.goto("/loting/beheer/autoluwe-binnenstad/")
    expect(page.get_by_text("3 van de 12 uitgenodigden hebben zich aangemeld.")).to_be_visible()
    page.get_by_role("link", name="Panel loten").click()
    page.get_by_label("Startgetal van de loting (seed)").fill("5 11 42")
    page.get_by_role("button", name="Panel loten").click()
    expect(page.get_by_text("Het panel is geloot.")).to_be_visible()
    selected = list(panel.invitations.filter(status=Invitation.Status.SELECTED))
    assert sorted(inv.features["Geslacht"] for inv in selected) == ["man", "vrouw"]

    leaving = next(inv for inv in selected if inv.features["Geslacht"] == "man")
    page.get_by_role("button", name=f"Afmelden: {leaving.person_id}").click()
    page.get_by_role("link", name="Vervanger loten (1)").click()
    page.get_by_label("Startgetal van de loting (seed)").fill("99")
    page.get_by_role("button", name="Vervangers loten").click()
    expect(page.get_by_text("De vervangers zijn geloot.")).to_be_visible()
    in_panel = [inv for inv in panel.invitations.all() if inv.in_panel]
    assert sorted(inv.features["Geslacht"] for inv in in_panel) == ["man", "vrouw"]
    assert leaving.pk not in {inv.pk for inv in in_panel}

    page.get_by_role("link", name="Bekijk de openbare pagina").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Autoluwe binnenstad")
    expect(page.get_by_text("5 11 42")).to_be_visible()
    stage1 = save_download(page, re.compile("uitnodigingen \\(stap 1\\)"), tmp_path / "stap1.json")
    stage2 = save_download(page, re.compile("panel \\(stap 2\\)"), tmp_path / "stap2.json")
    replacement = save_download(page, re.compile("vervangers"), tmp_path / "vervangers.json")
    save_download(page, "De quota (CSV)", tmp_path / "quota.csv")
    save_download(page, "De aanmeldingen zonder namen (CSV)", tmp_path / "respondenten.csv")
    assert json.loads(stage2.read_text())["seed"] == "5 11 42"
    check = subprocess.run(
        [
            "bash",
            "-c",
            f'"{CLI}" verify {stage1.name} bevolking.csv && '
            f'"{CLI}" verify {stage2.name} quota.csv respondenten.csv && '
            f'"{CLI}" verify {replacement.name}',
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.split() == ["match", "match", "match"]


def test_public_lottery_pages_with_demo_data_are_accessible(page):
    import io

    from meedoen.lotteries import demo

    demo.load(io.StringIO())
    page.goto("/")
    page.get_by_role("link", name="Alle lotingen en hun uitkomst").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Loting")
    page.get_by_role("link", name="Burgerberaad: hoe maken we de binnenstad autoluw?").click()
    expect(page.get_by_role("heading", name="Hoe is er geloot?")).to_be_visible()
    expect(page.get_by_role("table", name="Quota en uitslag per kenmerk")).to_be_visible()
    page.goto("/loting/mede-eigenaren-rijnkade/")
    page.get_by_role("link", name="Aanmelden met de code uit uw brief").click()
    page.get_by_label("Uw persoonlijke code").fill("ABCDE-FGHJK")
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_text("Wij kennen deze code niet").first).to_be_visible()
    expect(page.get_by_label("Uw persoonlijke code")).to_have_value("ABCDE-FGHJK")
    page.goto("/loting/aandeelregister/")
    expect(page.get_by_role("table", name="Mede-eigenaren per wijk en leeftijd")).to_be_visible()


def test_administrator_enters_a_paper_reply_publishes_the_outcome_and_loads_the_register(
    page, make_staff, tmp_path, settings
):
    from meedoen.lotteries import services
    from tests.lotteries.conftest import QUOTAS

    settings.MEDIA_ROOT = tmp_path / "media"
    admin = make_staff("administrator")
    panel = Panel.objects.create(
        kind=Panel.Kind.BURGERTOP,
        title="Burgertop Voorstad",
        slug="burgertop-voorstad",
        topic="Groen in Voorstad",
        panel_size=3,
        invitation_count=12,
    )
    services.save_quotas(panel, QUOTAS, admin)
    services.import_population(panel, "p.csv", population_csv(), admin)
    services.draw_stage1(panel, "8", admin)
    login_staff_in_browser(page, admin)
    page.goto("/loting/beheer/burgertop-voorstad/")
    page.get_by_role("link", name="Antwoord op papier invoeren").click()
    page.get_by_label("Code op het antwoordformulier").fill(code_of(panel.invitations.first()))
    page.get_by_label("Leeftijd").select_option("16-39")
    page.get_by_label("Geslacht").select_option("vrouw")
    page.get_by_label("Telefoonnummer").fill("0570 693 000")
    page.get_by_label("De persoon heeft op papier ingestemd").check()
    page.get_by_role("button", name="Antwoord opslaan").click()
    expect(page.get_by_text("Het antwoord op papier is opgeslagen.")).to_be_visible()
    assert panel.invitations.filter(channel=Invitation.Channel.PAPER).count() == 1

    report = tmp_path / "verslag.pdf"
    report.write_bytes(b"%PDF-1.4\n%test\n")
    page.goto("/loting/beheer/burgertop-voorstad/uitkomst/")
    page.get_by_label("Uitkomst: het advies of verslag").fill("Meer bomen in de straten.")
    page.get_by_label("Verslag als pdf").set_input_files(report)
    page.get_by_label("Tonen op de website").check()
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("link", name="Bekijk de openbare pagina").click()
    expect(page.get_by_text("Meer bomen in de straten.")).to_be_visible()
    expect(page.get_by_role("link", name="Lees het hele verslag (pdf)")).to_be_visible()

    register_file = tmp_path / "register.csv"
    register_file.write_bytes(population_csv(30))
    page.goto("/loting/beheer/")
    page.get_by_role("link", name="Register laden").click()
    page.get_by_label("Bevolkingsbestand (CSV)").set_input_files(register_file)
    page.get_by_label("Peildatum").fill("2026-01-01")
    page.get_by_role("button", name="Register laden").click()
    expect(page.get_by_text("Het aandeelregister is geladen")).to_be_visible()
    expect(page.get_by_role("table", name="Mede-eigenaren per wijk en leeftijd")).to_be_visible()
