"""Round form validation, initiative form errors that keep input, phase moves by date."""

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from meedoen.audit.models import AuditEvent
from meedoen.budgets import services
from meedoen.budgets.forms import BudgetRoundForm, ExpenseForm, PhotoForm
from meedoen.budgets.models import BudgetRound, Initiative
from tests.budgets.helpers import make_group, make_initiative, make_round
from tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db
Phase = BudgetRound.Phase


def round_data(**overrides):
    data = {
        "kind": "meedoenbudget",
        "district": "",
        "title": "Ronde",
        "budget": "10000",
        "ideas_start": "2027-01-01T09:00",
        "review_start": "2027-02-01T09:00",
        "voting_start": "2027-03-01T09:00",
        "voting_end": "2027-03-21T09:00",
        "execution_start": "2027-04-01T09:00",
        "minimum_age": "16",
        "ballot_form": "approval",
        "max_choices": "",
        "rule": "mes",
        "completion": "add1",
    }
    data.update(overrides)
    return data


def test_round_form_names_every_missing_piece():
    form = BudgetRoundForm(round_data(budget="0", voting_end="2027-02-15T09:00"))
    assert not form.is_valid()
    assert form.errors["district"] == ["Kies de wijk of het dorp van dit Meedoenbudget."]
    assert form.errors["budget"] == ["Vul een budget in dat groter is dan 0 euro."]
    assert form.errors["voting_end"] == ["Deze datum moet na 'Stemmen vanaf' liggen."]
    assert form.errors["max_choices"] == ["Vul in hoeveel plannen iemand mag kiezen."]


def test_points_ballot_needs_points_and_themes_only_for_city():
    form = BudgetRoundForm(round_data(kind="meedoenbudget", ballot_form="points"))
    assert "points_to_distribute" in form.errors
    form = BudgetRoundForm(round_data(ballot_form="themes", themes="wonen\nzorg"))
    assert "ballot_form" in form.errors


def test_admin_creates_city_round_with_themes_in_draft(staff_client):
    client = staff_client("administrator")
    response = client.post(
        "/budget/ronde/nieuw/",
        round_data(kind="burgerbegroting", ballot_form="themes", themes="Wonen\nZorg\n\nZorg"),
    )
    budget_round = BudgetRound.objects.get()
    assert response.status_code == 302
    assert budget_round.phase == Phase.DRAFT
    assert list(budget_round.themes.values_list("name", flat=True)) == ["Wonen", "Zorg"]
    assert AuditEvent.objects.filter(action="budgets.round_created").exists()


def test_rejected_round_form_keeps_what_was_typed(staff_client):
    client = staff_client("administrator")
    response = client.post("/budget/ronde/nieuw/", round_data(title="Mijn ronde", budget="-5"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Mijn ronde"' in page
    assert "Vul een budget in dat groter is dan 0 euro." in page
    assert not BudgetRound.objects.exists()


def test_initiative_form_without_cost_lines_keeps_input(client):
    group = make_group()
    budget_round = make_round()
    client.force_login(group.members_for_test[0])
    data = {
        "plan-title": "Bankjes",
        "plan-summary": "Meer bankjes",
        "plan-description": "Uitleg",
        "plan-contact_name": "Ivo",
        "plan-contact_email": "ivo@example.org",
        "plan-wheel_areas": ["wonen"],
        "kosten-TOTAL_FORMS": "1",
        "kosten-INITIAL_FORMS": "0",
        "doelen-TOTAL_FORMS": "1",
        "doelen-INITIAL_FORMS": "0",
        "doelen-0-what": "Meer zitplekken",
        "doelen-0-for_whom": "ouderen",
        "doelen-0-by_when": "2027-06-01",
    }
    response = client.post(f"/budget/ronde/{budget_round.slug}/nieuw-plan/{group.pk}/", data)
    page = response.content.decode()
    assert "Zet minstens één kostenpost in de begroting." in page
    assert 'value="Bankjes"' in page and "Meer zitplekken" in page
    assert not Initiative.objects.exists()


def test_photo_must_be_a_real_image():
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("foto.jpg", b"not an image", content_type="image/jpeg")
    form = PhotoForm({"alt_text": "tuin"}, {"image": fake})
    assert not form.is_valid()
    assert "image" in form.errors


def test_receipt_must_be_pdf_jpg_or_png_and_small():
    from django.core.files.uploadedfile import SimpleUploadedFile

    initiative = make_initiative(make_round(Phase.EXECUTION), make_group(), status="selected")
    line = initiative.budget_lines.first()
    data = {"budget_line": line.pk, "description": "Zaden", "amount": "10"}
    exe = SimpleUploadedFile("bon.exe", b"MZ....", content_type="application/pdf")
    form = ExpenseForm(data, {"receipt": exe}, initiative=initiative)
    assert form.errors["receipt"] == ["Kies een PDF-, JPG- of PNG-bestand."]
    big = SimpleUploadedFile(
        "bon.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024), content_type="application/pdf"
    )
    form = ExpenseForm(data, {"receipt": big}, initiative=initiative)
    assert "5 MB" in form.errors["receipt"][0]
    ok = SimpleUploadedFile("bon.pdf", b"%PDF-1.4", content_type="application/pdf")
    assert ExpenseForm(data, {"receipt": ok}, initiative=initiative).is_valid()


def test_advance_round_phases_command_is_idempotent_and_audited_as_system():
    now = timezone.now()
    due = make_round(
        Phase.IDEAS,
        move_phases_automatically=True,
        review_start=now - timedelta(days=1),
    )
    draft = make_round(Phase.DRAFT, move_phases_automatically=True)
    manual = make_round(Phase.IDEAS, review_start=now - timedelta(days=1))
    call_command("advance_round_phases", stdout=__import__("io").StringIO())
    call_command("advance_round_phases", stdout=__import__("io").StringIO())
    due.refresh_from_db(), draft.refresh_from_db(), manual.refresh_from_db()
    assert (due.phase, draft.phase, manual.phase) == (Phase.REVIEW, Phase.DRAFT, Phase.IDEAS)
    events = AuditEvent.objects.filter(action="budgets.round_phase")
    assert [(e.actor_label, e.changes["to"]) for e in events] == [("system", "review")]


def test_next_phase_button_does_not_move_twice(staff_client):
    budget_round = make_round(Phase.IDEAS)
    client = staff_client("administrator")
    url = f"/budget/ronde/{budget_round.slug}/volgende-fase/"
    client.post(url, {"from_phase": "ideas"})
    client.post(url, {"from_phase": "ideas"})
    budget_round.refresh_from_db()
    assert budget_round.phase == Phase.REVIEW


@pytest.mark.django_db(transaction=True)
def test_simultaneous_supports_count_once(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("true concurrency needs PostgreSQL")
    resident = ResidentFactory()
    initiative = make_initiative(make_round(), make_group(), status="submitted")
    barrier = threading.Barrier(6)
    results = []

    def press():
        try:
            barrier.wait()
            results.append(services.support(initiative, resident))
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 5 + [True]
    assert initiative.supports.count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_next_phase_moves_once(transactional_db, make_staff):
    if connection.vendor != "postgresql":
        pytest.skip("true concurrency needs PostgreSQL")
    budget_round = make_round(Phase.IDEAS)
    admin = make_staff("administrator")
    barrier = threading.Barrier(4)

    def press():
        try:
            barrier.wait()
            services.advance_phase(budget_round, admin, expected_phase=Phase.IDEAS)
        except services.WorkflowError:
            pass
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    budget_round.refresh_from_db()
    assert budget_round.phase == Phase.REVIEW
