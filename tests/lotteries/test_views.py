"""The lottery pages: registration by code, the staff steps and the public panel page."""

import base64
import re
import zlib
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meedoen.audit.models import AuditEvent
from meedoen.lotteries import services
from meedoen.lotteries.models import Invitation, Panel, ShareHolder
from tests.conftest import login_staff
from tests.lotteries.conftest import ANSWERS, code_of, population_csv, register_all


def pdf_pages(content: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", content))


def pdf_text(content: bytes) -> bytes:
    """The page streams of a reportlab PDF (ASCII85 + Flate), decoded."""
    text = b""
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", content, re.S):
        raw = match.group(1).strip().removesuffix(b"~>")
        text += zlib.decompress(base64.a85decode(raw))
    return text


@pytest.fixture
def admin_client(client, admin):
    login_staff(client, admin)
    return client


def test_wrong_code_gets_a_clear_message_and_keeps_what_was_typed(invited_panel, client):
    response = client.post("/loting/aanmelden/", {"code": "ABCDE-FGHJK"})
    assert "Wij kennen deze code niet" in response.content.decode()
    assert 'value="ABCDE-FGHJK"' in response.content.decode()
    response = client.post("/loting/aanmelden/", {"code": "123"})
    assert "Een code heeft 10 letters en cijfers" in response.content.decode()


def test_qr_link_fills_in_the_code(invited_panel, client):
    code = code_of(invited_panel.invitations.first())
    response = client.get(f"/loting/aanmelden/?code={code}")
    assert f'value="{code}"' in response.content.decode()


def test_resident_registers_with_code_and_cannot_use_it_twice(invited_panel, client):
    invitation = invited_panel.invitations.first()
    code = code_of(invitation)
    response = client.post("/loting/aanmelden/", {"code": code})
    assert response.status_code == 302 and response["Location"] == "/loting/aanmelden/gegevens/"
    form = client.get("/loting/aanmelden/gegevens/").content.decode()
    assert "Leeftijd" in form and "16-39" in form and "Geslacht" in form
    rejected = client.post(
        "/loting/aanmelden/gegevens/",
        {"feature_0": "40+", "feature_1": "vrouw", "first_name": "Fatma", "consent": "on"},
    ).content.decode()
    assert "Vul een e-mailadres of een telefoonnummer in" in rejected
    assert 'value="Fatma"' in rejected
    done = client.post(
        "/loting/aanmelden/gegevens/",
        {
            "feature_0": "40+",
            "feature_1": "vrouw",
            "first_name": "Fatma",
            "phone": "0570 123456",
            "consent": "on",
        },
    )
    assert "Bedankt voor uw aanmelding" in done.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REGISTERED
    assert invitation.features == {"Leeftijd": "40+", "Geslacht": "vrouw"}
    assert invitation.channel == Invitation.Channel.ONLINE
    again = client.post("/loting/aanmelden/", {"code": code}).content.decode()
    assert "Met deze code is al een aanmelding gedaan" in again


def test_details_page_without_a_code_sends_back_to_the_code_page(db, client):
    response = client.get("/loting/aanmelden/gegevens/")
    assert response["Location"] == "/loting/aanmelden/"


def test_administrator_creates_a_panel_and_the_slug_follows_the_title(admin_client):
    response = admin_client.post(
        "/loting/beheer/nieuw/",
        {
            "kind": "burgertop",
            "title": "Burgertop Zandweerd",
            "topic": "Groen in de wijk",
            "panel_size": 5,
            "invitation_count": 3,
            "min_age": 16,
            "population_source": "upload",
            "help_phone": "14 0570",
        },
    )
    assert (
        "Stuur minstens zoveel uitnodigingen als er plaatsen zijn (5)" in response.content.decode()
    )
    assert 'value="Burgertop Zandweerd"' in response.content.decode()
    response = admin_client.post(
        "/loting/beheer/nieuw/",
        {
            "kind": "burgertop",
            "title": "Burgertop Zandweerd",
            "topic": "Groen in de wijk",
            "panel_size": 5,
            "invitation_count": 40,
            "min_age": 16,
            "population_source": "upload",
            "help_phone": "14 0570",
        },
    )
    assert response["Location"] == "/loting/beheer/burgertop-zandweerd/quota/"
    assert AuditEvent.objects.filter(action="lotteries.panel_created").exists()


def test_quota_table_rejects_inconsistent_rows_and_keeps_them(panel, admin_client):
    data = {"quota-TOTAL_FORMS": 3, "quota-INITIAL_FORMS": 0}
    rows = [("Wijk", "Binnenstad", 3, 2), ("Wijk", "Keizerslanden", 1, 1), ("Wijk", "", 1, "")]
    for i, (c, v, lo, hi) in enumerate(rows):
        data.update(
            {
                f"quota-{i}-category": c,
                f"quota-{i}-value": v,
                f"quota-{i}-min": lo,
                f"quota-{i}-max": hi,
            }
        )
    page = admin_client.post(f"/loting/beheer/{panel.slug}/quota/", data).content.decode()
    assert "Regel 3: Vul in deze regel alle vier de velden in" in page
    assert 'value="Keizerslanden"' in page
    data.update({"quota-2-category": "", "quota-2-min": ""})
    page = admin_client.post(f"/loting/beheer/{panel.slug}/quota/", data).content.decode()
    assert "Wijk = Binnenstad: het minimum (3) is groter dan het maximum (2)" in page
    assert panel.quotas.filter(category="Leeftijd").count() == 2  # old table unchanged


def test_population_upload_page_lists_bad_lines(panel, admin_client):
    bad = SimpleUploadedFile("b.csv", b"id,address,birth_year,sex,district\nP1,Brink 1,abc,V,01\n")
    page = admin_client.post(
        f"/loting/beheer/{panel.slug}/bevolking/", {"file": bad}
    ).content.decode()
    assert "Regel 2: geboortejaar abc is geen jaartal" in page
    assert not panel.population.exists()


def test_stage1_page_and_letters_pdf_with_a_page_per_invitation(panel, admin_client):
    good = SimpleUploadedFile("b.csv", population_csv())
    admin_client.post(f"/loting/beheer/{panel.slug}/bevolking/", {"file": good})
    empty = admin_client.post(f"/loting/beheer/{panel.slug}/uitnodigingen-loten/", {"seed": "  "})
    assert "Vul een startgetal in" in empty.content.decode()
    admin_client.post(f"/loting/beheer/{panel.slug}/uitnodigingen-loten/", {"seed": "3 14 15"})
    manage = admin_client.get(f"/loting/beheer/{panel.slug}/").content.decode()
    assert "verwijderd: de gegevens van 60 personen" in manage
    letters = admin_client.get(f"/loting/beheer/{panel.slug}/brieven.pdf")
    assert letters["Content-Type"] == "application/pdf"
    assert letters.content.startswith(b"%PDF-")
    assert pdf_pages(letters.content) == 12
    first = panel.invitations.order_by("draw_position").first()
    text = pdf_text(letters.content)
    assert f"Uw persoonlijke code: {code_of(first)}".encode() in text
    assert text.count(b"Uw persoonlijke code: ") == 12
    assert AuditEvent.objects.filter(action="lotteries.letters_printed").exists()


def test_staff_enters_a_paper_reply_which_is_audited(invited_panel, admin_client):
    invitation = invited_panel.invitations.last()
    admin_client.post(
        f"/loting/beheer/{invited_panel.slug}/antwoord-op-papier/",
        {
            "code": code_of(invitation),
            "feature_0": "16-39",
            "feature_1": "man",
            "phone": "06 1234",
            "consent": "on",
        },
    )
    invitation.refresh_from_db()
    assert invitation.channel == Invitation.Channel.PAPER
    assert AuditEvent.objects.filter(action="lotteries.paper_reply_entered").exists()


def test_infeasible_quotas_are_shown_in_dutch_on_the_stage2_page(invited_panel, admin_client):
    register_all(invited_panel, [{"Leeftijd": "40+", "Geslacht": "man"}] * 3)
    page = admin_client.post(
        f"/loting/beheer/{invited_panel.slug}/panel-loten/", {"seed": "9"}
    ).content.decode()
    assert "Er is niets geloot" in page
    assert "Verlaag het minimum voor Geslacht = vrouw van 1 naar 0" in page


def test_public_page_shows_how_the_draw_was_done(invited_panel, admin, client):
    register_all(invited_panel, ANSWERS)
    draw = services.draw_stage2(invited_panel, "4 8 15 16", admin)
    page = client.get(f"/loting/{invited_panel.slug}/").content.decode()
    assert "4 8 15 16" in page and "12 7 33 41" in page
    assert "Kleinste kans" in page and "Gini" in page
    assert f"/loting/{invited_panel.slug}/trekking/{draw.pk}.json" in page
    assert "3 inwoners. Namen maken wij niet bekend." in page
    assert "Naam" not in page  # first names only when the panel chooses to show them
    invited_panel.show_first_names = True
    invited_panel.save()
    page = client.get(f"/loting/{invited_panel.slug}/").content.decode()
    assert re.search(r"3 inwoners:\s+Naam\d+, Naam\d+, Naam\d+\.", page)


def test_private_panel_is_not_public(panel, client):
    panel.is_public = False
    panel.save()
    assert client.get(f"/loting/{panel.slug}/").status_code == 404
    assert panel.title not in client.get("/loting/").content.decode()


def test_share_register_keeps_adults_and_shows_only_counts(admin_client, client):
    data = (
        b"id,address,birth_year,sex,district\n"
        b"A1,Brink 1,1980,V,01\nA2,Brink 1,2012,M,01\nA3,Brink 2,1950,M,06\nA4,Brink 3,2010,V,06\n"
    )
    admin_client.post(
        "/loting/beheer/aandeelregister/",
        {"file": SimpleUploadedFile("r.csv", data), "reference_date": "2026-01-01"},
    )
    assert sorted(ShareHolder.objects.values_list("person_id", flat=True)) == ["A1", "A3", "A4"]
    page = client.get("/loting/aandeelregister/").content.decode()
    assert "Binnenstad" in page and "Keizerslanden" in page
    assert "A1" not in page and "Brink" not in page
    from meedoen.lotteries.selectors import current_register, register_table

    table = register_table(current_register())
    assert table["bands"] == ["16-24", "25-39", "40-54", "55-69", "70+"]
    assert {row["district"]: row["counts"] for row in table["rows"]} == {
        "Binnenstad": [0, 0, 1, 0, 0],
        "Keizerslanden": [1, 0, 0, 0, 1],
    }
    assert table["total"] == 3


def test_coowners_meeting_draws_from_the_share_register(admin, db):
    services.import_share_register("r.csv", population_csv(40), date(2026, 1, 1), admin)
    meeting = Panel.objects.create(
        kind=Panel.Kind.COOWNERS,
        title="Mede-eigenaren over de Brink",
        slug="brink",
        topic="De Brink",
        panel_size=2,
        invitation_count=5,
    )
    services.draw_stage1(meeting, "77", admin)
    invited = list(meeting.invitations.all())
    assert len(invited) == 5
    holders = set(ShareHolder.objects.values_list("person_id", flat=True))
    assert {inv.person_id for inv in invited} <= holders
    assert all(inv.address == "" for inv in invited)  # the register holds no addresses
    assert ShareHolder.objects.count() == len(holders)  # the register itself stays


def test_outcome_upload_must_be_a_pdf(panel, admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = admin_client.post(
        f"/loting/beheer/{panel.slug}/uitkomst/",
        {
            "outcome_text": "Advies",
            "outcome_pdf": SimpleUploadedFile("a.pdf", b"hello"),
            "is_public": "on",
        },
    ).content.decode()
    assert "Dit bestand is geen pdf" in page
    assert "Advies" in page
    admin_client.post(
        f"/loting/beheer/{panel.slug}/uitkomst/",
        {
            "outcome_text": "Advies",
            "outcome_pdf": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"),
            "is_public": "on",
        },
    )
    download = admin_client.get(f"/loting/{panel.slug}/verslag.pdf")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_registration_closes_once_the_panel_is_drawn(invited_panel, admin, client):
    register_all(invited_panel, ANSWERS)
    services.draw_stage2(invited_panel, "1", admin)
    late = invited_panel.invitations.filter(status=Invitation.Status.INVITED).first()
    page = client.post("/loting/aanmelden/", {"code": code_of(late)}).content.decode()
    assert "Aanmelden kan niet meer: het panel is al geloot." in page


def test_drawn_settings_cannot_be_changed_afterwards(invited_panel, admin_client):
    data = {
        "kind": "burgerberaad",
        "title": invited_panel.title,
        "topic": invited_panel.topic,
        "panel_size": 3,
        "invitation_count": 20,
        "min_age": 16,
        "population_source": "upload",
        "help_phone": "14 0570",
    }
    page = admin_client.post(
        f"/loting/beheer/{invited_panel.slug}/bewerken/", data
    ).content.decode()
    assert "aantal uitnodigingen en minimumleeftijd liggen vast" in page
    invited_panel.refresh_from_db()
    assert invited_panel.invitation_count == 12
    data.update(invitation_count=12, place="Stadhuis")
    response = admin_client.post(f"/loting/beheer/{invited_panel.slug}/bewerken/", data)
    assert response.status_code == 302
    invited_panel.refresh_from_db()
    assert invited_panel.place == "Stadhuis"


def test_a_coowners_meeting_always_draws_from_the_share_register(admin_client):
    admin_client.post(
        "/loting/beheer/nieuw/",
        {
            "kind": "mede_eigenaren",
            "title": "Mede-eigenaren Colmschate",
            "topic": "Het winkelcentrum",
            "population_source": "upload",
            "panel_size": 5,
            "invitation_count": 40,
            "min_age": 16,
            "help_phone": "14 0570",
        },
    )
    meeting = Panel.objects.get(slug="mede-eigenaren-colmschate")
    assert meeting.population_source == Panel.Source.SHARE_REGISTER
    page = admin_client.get("/loting/beheer/mede-eigenaren-colmschate/").content.decode()
    assert "Het aandeelregister is nog niet geladen." in page
    assert "Bevolkingsbestand laden" not in page


def test_registration_with_an_email_gets_a_confirmation(
    invited_panel, client, django_capture_on_commit_callbacks, mailoutbox
):
    client.post("/loting/aanmelden/", {"code": code_of(invited_panel.invitations.first())})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/loting/aanmelden/gegevens/",
            {"feature_0": "40+", "feature_1": "man", "email": "kees@example.org", "consent": "on"},
        )
    assert [m.to for m in mailoutbox] == [["kees@example.org"]]
    assert mailoutbox[0].subject == "Uw aanmelding voor Autoluwe binnenstad"
