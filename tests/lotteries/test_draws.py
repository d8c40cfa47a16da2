"""The two-stage draw: invitations, registration by code, the panel, replacements, records."""

import hashlib
import io
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.core import mail

from meedoen.audit.models import AuditEvent
from meedoen.lotteries import services
from meedoen.lotteries.models import Draw, Invitation, PopulationMember
from meedoen.sortition import (
    read_categories_csv,
    read_population_csv,
    read_respondents_csv,
    verify_record,
)
from tests.lotteries.conftest import ANSWERS, code_of, population_csv, register_all


def test_stage1_invites_at_most_one_person_per_address_and_deletes_the_rest(invited_panel):
    invitations = list(invited_panel.invitations.all())
    assert len(invitations) == 12
    addresses = Counter(inv.address for inv in invitations)
    assert max(addresses.values()) == 1
    assert not PopulationMember.objects.filter(panel=invited_panel).exists()
    upload = invited_panel.population_upload
    assert upload.purged_at is not None
    assert upload.purged_rows == 60
    assert AuditEvent.objects.filter(action="lotteries.stage1_drawn").count() == 1


def test_stage1_only_invites_people_of_the_minimum_age(panel, admin):
    panel.min_age = 40
    panel.starts_on = __import__("datetime").date(2027, 3, 1)
    panel.save()
    services.import_population(panel, "b.csv", population_csv(), admin)
    services.draw_stage1(panel, "seed", admin)
    assert all(2027 - inv.birth_year >= 40 for inv in panel.invitations.all())


def test_stage1_cannot_run_twice(invited_panel, admin):
    with pytest.raises(services.LotteryError, match="al geloot"):
        services.draw_stage1(invited_panel, "other", admin)
    assert invited_panel.invitations.count() == 12


def test_stage1_record_verifies_against_the_population_file(invited_panel):
    draw = invited_panel.stage1_draw
    population = read_population_csv(io.StringIO(population_csv().decode()))
    assert verify_record(draw.record, population=population).ok
    assert draw.inputs["population_file_sha256"] == hashlib.sha256(population_csv()).hexdigest()
    tampered = dict(draw.record, invited=list(reversed(draw.record["invited"])))
    assert not verify_record(tampered, population=population).ok


def test_registration_by_code_once(invited_panel, client):
    invitation = invited_panel.invitations.first()
    code = code_of(invitation)
    assert invitation.code_hash != code and len(invitation.code_hash) == 64
    found = services.find_invitation(code.lower().replace("-", " "))
    assert found == invitation
    services.register(found, {"features": ANSWERS[0], "email": "a@example.org"})
    with pytest.raises(services.LotteryError, match="al een aanmelding"):
        services.register(found, {"features": ANSWERS[1], "email": "b@example.org"})
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REGISTERED
    assert invitation.features == ANSWERS[0]


def test_unknown_code_finds_nothing(invited_panel):
    assert services.find_invitation("AAAAA-AAAAA") is None
    assert services.find_invitation("kort") is None


def test_stage2_draws_a_panel_within_the_quotas_and_records_it(invited_panel, admin):
    register_all(invited_panel)
    draw = services.draw_stage2(invited_panel, "4 8 15 16", admin)
    selected = list(invited_panel.invitations.filter(status=Invitation.Status.SELECTED))
    assert len(selected) == 3
    for category, value, low, high in [
        (q.category, q.value, q.min, q.max) for q in invited_panel.quotas.all()
    ]:
        count = sum(1 for inv in selected if inv.features[category] == value)
        assert low <= count <= high
    assert draw.min_probability > 0
    assert 0 <= draw.gini < 1
    assert sorted(draw.record["panel"]) == sorted(inv.person_id for inv in selected)
    quotas = read_categories_csv(io.StringIO(services.quotas_csv(invited_panel)))
    people = read_respondents_csv(io.StringIO(services.respondents_csv(invited_panel)))
    assert verify_record(draw.record, respondents=people, quotas=quotas).ok
    assert "Straat" not in services.respondents_csv(invited_panel)  # no addresses published


def test_infeasible_quotas_give_dutch_suggestions_and_draw_nothing(invited_panel, admin):
    # Everyone who answers is a man: the quota of at least one woman cannot be met.
    register_all(
        invited_panel,
        [
            {"Leeftijd": "40+", "Geslacht": "man"},
            {"Leeftijd": "16-39", "Geslacht": "man"},
            {"Leeftijd": "40+", "Geslacht": "man"},
        ],
    )
    with pytest.raises(services.LotteryError) as caught:
        services.draw_stage2(invited_panel, "seed", admin)
    messages = caught.value.messages
    assert "Er is niets geloot" in messages[0]
    assert any("Verlaag het minimum voor Geslacht = vrouw van 1 naar 0" in m for m in messages[1:])
    assert not Draw.objects.filter(stage=Draw.Stage.PANEL).exists()
    assert not invited_panel.invitations.filter(status=Invitation.Status.SELECTED).exists()


def test_replacement_keeps_the_panel_within_the_quotas(invited_panel, admin):
    register_all(invited_panel)
    services.draw_stage2(invited_panel, "4 8 15 16", admin)
    leaving = invited_panel.invitations.filter(status=Invitation.Status.SELECTED).first()
    services.mark_dropped_out(leaving, admin)
    draw = services.draw_replacements(invited_panel, "23 42", admin)
    panel_now = [inv for inv in invited_panel.invitations.all() if inv.in_panel]
    assert len(panel_now) == 3
    assert leaving.pk not in {inv.pk for inv in panel_now}
    for quota in invited_panel.quotas.all():
        count = sum(1 for inv in panel_now if inv.features[quota.category] == quota.value)
        assert quota.min <= count <= quota.max
    assert draw.record["replaces"] == [leaving.person_id]
    assert verify_record(draw.record).ok
    with pytest.raises(services.LotteryError, match="niemand afgemeld"):
        services.draw_replacements(invited_panel, "again", admin)


def test_results_are_mailed_once_to_respondents_with_an_email(invited_panel, admin):
    register_all(invited_panel)
    services.draw_stage2(invited_panel, "4 8 15 16", admin)
    assert services.send_results(invited_panel, admin) == 6
    subjects = Counter(m.subject.split(" voor ")[0] for m in mail.outbox)
    assert subjects["U bent geloot"] == 3
    assert services.send_results(invited_panel, admin) == 0


def test_cli_verifies_the_downloaded_stage2_record(invited_panel, admin, client, tmp_path):
    register_all(invited_panel)
    draw = services.draw_stage2(invited_panel, "4 8 15 16", admin)
    record = client.get(f"/loting/{invited_panel.slug}/trekking/{draw.pk}.json")
    assert record["Content-Type"] == "application/json"
    (tmp_path / "draw.json").write_bytes(record.content)
    (tmp_path / "quota.csv").write_bytes(
        client.get(f"/loting/{invited_panel.slug}/quota.csv").content
    )
    (tmp_path / "resp.csv").write_bytes(
        client.get(f"/loting/{invited_panel.slug}/respondenten.csv").content
    )
    cli = Path(sys.executable).parent / "meedoen-sortition"
    ok = subprocess.run(
        [cli, "verify", "draw.json", "quota.csv", "resp.csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.strip() == "match"
    tampered = json.loads(record.content)
    tampered["panel"] = sorted(tampered["panel"])[1:] + ["not-a-respondent"]
    assert not verify_record(tampered).ok


def test_personal_data_is_cleared_three_months_after_the_last_meeting(invited_panel):
    from datetime import date

    register_all(invited_panel)
    invited_panel.starts_on = date(2026, 3, 1)
    invited_panel.ends_on = date(2026, 4, 1)
    invited_panel.save()
    assert services.purge_finished_panels(today=date(2026, 6, 1)) == 0
    assert services.purge_finished_panels(today=date(2026, 7, 3)) == 12
    invitation = invited_panel.invitations.exclude(registered_at=None).first()
    assert (invitation.address, invitation.first_name, invitation.email) == ("", "", "")
    assert invitation.features  # the answers behind the published draw stay


def test_stage2_still_verifies_after_personal_data_is_cleared(invited_panel, admin):
    from datetime import date

    register_all(invited_panel)
    draw = services.draw_stage2(invited_panel, "4 8 15 16", admin)
    invited_panel.starts_on = invited_panel.ends_on = date(2026, 1, 1)
    invited_panel.save()
    assert services.purge_finished_panels(today=date(2026, 12, 1)) == 12
    people = read_respondents_csv(io.StringIO(services.respondents_csv(invited_panel)))
    quotas = read_categories_csv(io.StringIO(services.quotas_csv(invited_panel)))
    assert verify_record(draw.record, respondents=people, quotas=quotas).ok


def test_a_replacement_gets_a_second_result_email(invited_panel, admin):
    register_all(invited_panel)
    services.draw_stage2(invited_panel, "4 8 15 16", admin)
    services.send_results(invited_panel, admin)
    leaving = invited_panel.invitations.filter(status=Invitation.Status.SELECTED).first()
    services.mark_dropped_out(leaving, admin)
    services.draw_replacements(invited_panel, "23 42", admin)
    mail.outbox.clear()
    assert services.send_results(invited_panel, admin) == 1
    assert mail.outbox[0].subject.startswith("U bent alsnog geloot")
    replacement = invited_panel.invitations.get(status=Invitation.Status.REPLACEMENT)
    assert mail.outbox[0].to == [replacement.email]


def test_every_staff_step_lands_in_the_audit_log(invited_panel, admin):
    register_all(invited_panel)
    services.draw_stage2(invited_panel, "4 8 15 16", admin)
    services.send_results(invited_panel, admin)
    leaving = invited_panel.invitations.filter(status=Invitation.Status.SELECTED).first()
    services.mark_dropped_out(leaving, admin)
    services.draw_replacements(invited_panel, "23 42", admin)
    services.save_outcome(invited_panel, text="Advies", pdf=None, is_public=True, actor=admin)
    actions = set(AuditEvent.objects.filter(actor_id=admin.pk).values_list("action", flat=True))
    assert actions >= {
        "lotteries.quotas_saved",
        "lotteries.population_uploaded",
        "lotteries.stage1_drawn",
        "lotteries.stage2_drawn",
        "lotteries.results_sent",
        "lotteries.dropped_out",
        "lotteries.replacements_drawn",
        "lotteries.outcome_saved",
    }
    stage1 = AuditEvent.objects.get(action="lotteries.stage1_drawn")
    assert stage1.changes["population_rows_deleted"] == 60
