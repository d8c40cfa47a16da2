"""Double submits: a code registers once, a stage is drawn once, also at the same moment."""

import threading

import pytest
from django.db import connection

from meedoen.lotteries import services
from meedoen.lotteries.models import Draw, Invitation, Panel
from tests.factories import StaffFactory
from tests.lotteries.conftest import ANSWERS, QUOTAS, population_csv


def _run_at_once(count, work):
    barrier = threading.Barrier(count)
    outcomes = []

    def worker(i):
        try:
            barrier.wait()
            work(i)
            outcomes.append("ok")
        except services.LotteryError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def _invited_panel():
    admin = StaffFactory(role="administrator")
    panel = Panel.objects.create(
        kind=Panel.Kind.BURGERBERAAD,
        title="Race",
        slug="race",
        topic="Race",
        panel_size=3,
        invitation_count=12,
    )
    services.save_quotas(panel, QUOTAS, admin)
    services.import_population(panel, "p.csv", population_csv(), admin)
    return panel, admin


@pytest.mark.django_db
def test_the_same_stage_submitted_twice_draws_once(panel, admin):
    services.import_population(panel, "p.csv", population_csv(), admin)
    services.draw_stage1(panel, "1", admin)
    with pytest.raises(services.LotteryError):
        services.draw_stage1(panel, "1", admin)
    assert panel.draws.filter(stage=Draw.Stage.INVITATIONS).count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_registrations_with_one_code_count_once():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency needs PostgreSQL")
    panel, admin = _invited_panel()
    services.draw_stage1(panel, "race", admin)
    invitation = panel.invitations.first()
    outcomes = _run_at_once(
        4,
        lambda i: services.register(
            Invitation.objects.get(pk=invitation.pk),
            {"features": ANSWERS[i], "email": f"r{i}@example.org"},
        ),
    )
    assert outcomes == ["ok", "refused", "refused", "refused"]
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REGISTERED


@pytest.mark.django_db(transaction=True)
def test_simultaneous_stage1_draws_draw_once():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency needs PostgreSQL")
    panel, admin = _invited_panel()
    outcomes = _run_at_once(3, lambda i: services.draw_stage1(panel, f"seed {i}", admin))
    assert outcomes == ["ok", "refused", "refused"]
    assert panel.invitations.count() == 12
    assert panel.draws.count() == 1
