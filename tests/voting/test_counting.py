"""Counting, results, the Pabulib export and the e-mail when results are out."""

import json
from fractions import Fraction

import pytest
from django.core import mail
from django.urls import reverse

from meedoen.budgets.models import Initiative
from meedoen.pb.cli import main as pb_cli
from meedoen.voting import counting, services
from meedoen.voting.eligibility import Voter
from meedoen.voting.models import RoundResult
from tests.factories import ResidentFactory
from tests.voting.support import ids, make_round

pytestmark = pytest.mark.django_db


def vote(budget_round, ballots):
    for k, choices in enumerate(ballots):
        services.cast_ballot(budget_round, Voter(f"voter-{budget_round.pk}-{k}"), choices)


def small_mes_round(completion="none"):
    """Budget 120, six voters (€ 20 each). Plan 1 (€ 60) has voters 1-4, plan 2 (€ 50) voters
    1-3, plan 3 (€ 40) voters 5-6. By hand: plan 1 first (4 supporters pay € 15 each,
    price 1/4 per euro), then plan 3 (voters 5 and 6 pay € 20 each); plan 2's supporters have
    3 × € 5 = € 15 left, € 35 short. Greedy would have picked plans 1 and 2 instead."""
    budget_round, plans = make_round(costs=(60, 50, 40), budget=120, completion=completion)
    p1, p2, p3 = ids(plans, 1), ids(plans, 2), ids(plans, 3)
    vote(budget_round, [p1 + p2, p1 + p2, p1 + p2, p1, p3, p3])
    budget_round.phase = "results"
    budget_round.save()
    return budget_round, plans


def test_mes_result_on_a_small_round_equals_the_hand_count():
    budget_round, plans = small_mes_round()
    result = counting.count_round(budget_round, None)
    outcome = result.engine["result"]
    assert outcome["selected"] == [str(plans[0].pk), str(plans[2].pk)]
    assert Fraction(outcome["budget_used"]) == 100
    short = outcome["projects"][str(plans[1].pk)]
    assert short["reason"] == "supporters_short"
    assert Fraction(short["reason_data"]["available"]) == 15
    assert Fraction(short["reason_data"]["shortfall"]) == 35
    statuses = dict(Initiative.objects.values_list("pk", "status"))
    assert statuses[plans[0].pk] == "selected" and statuses[plans[1].pk] == "not_selected"


def test_results_page_explains_each_plan_in_plain_dutch(client):
    budget_round, plans = small_mes_round()
    counting.count_round(budget_round, None)
    page = client.get(reverse("voting:results", args=[budget_round.slug])).content.decode()
    assert "Gekozen in ronde 1. De 4 stemmers die dit plan kozen, betaalden samen € 60" in page
    assert "hadden samen nog € 35 te weinig over" in page
    assert "Gebruikt: € 100 van € 120" in page
    assert "6 inwoners stemden" in page


def test_counting_twice_gives_the_same_result():
    budget_round, _plans = small_mes_round(completion="add1")
    first = counting.count_round(budget_round, None).engine
    second = counting.count_round(budget_round, None).engine
    assert first == second and RoundResult.objects.count() == 1


def test_counting_before_voting_closed_is_refused():
    budget_round, plans = make_round()
    with pytest.raises(services.VotingError, match="pas tellen"):
        counting.count_round(budget_round, None)


def test_exported_pabulib_file_recounts_to_the_same_winners(tmp_path, capsys, client):
    budget_round, _plans = small_mes_round(completion="add1")
    stored = counting.count_round(budget_round, None).engine["result"]
    response = client.get(reverse("voting:export", args=[budget_round.slug]))
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    path = tmp_path / "ronde.pb"
    path.write_bytes(text)
    assert "rule;equalshares/add1" in text.decode()
    assert pb_cli(["count", str(path), "--rule", "mes", "--completion", "add1", "--json"]) == 0
    recount = json.loads(capsys.readouterr().out)
    assert recount["selected"] == stored["selected"]
    assert pb_cli(["count", str(path), "--json"]) == 0  # the rule named in the file's META
    assert json.loads(capsys.readouterr().out)["selected"] == stored["selected"]


def test_points_round_counts_cumulative_ballots():
    budget_round, plans = make_round("points", costs=(60, 50, 40), points=10, rule="greedy")
    vote(
        budget_round,
        [{str(plans[1].pk): 10}, {str(plans[1].pk): 6, str(plans[0].pk): 4}, {str(plans[2].pk): 3}],
    )
    budget_round.phase = "results"
    budget_round.save()
    result = counting.count_round(budget_round, None).engine["result"]
    assert result["selected"] == [str(plans[1].pk), str(plans[0].pk)]  # 16 points, then 4
    assert "vote_type;cumulative" in counting.export_pb(budget_round)


def test_themes_outcome_and_mean_each_sum_to_the_budget(client):
    budget_round, themes = make_round("themes", budget=1000)
    t = [str(theme.pk) for theme in themes]
    vote(
        budget_round,
        [
            {t[0]: 600, t[1]: 300, t[2]: 100},
            {t[0]: 200, t[1]: 200, t[2]: 600},
            {t[0]: 500, t[1]: 500, t[2]: 0},
        ],
    )
    budget_round.phase = "results"
    budget_round.save()
    engine = counting.count_round(budget_round, None).engine
    assert sum(Fraction(v) for v in engine["independent_markets"].values()) == 1000
    assert sum(Fraction(v) for v in engine["mean"].values()) == 1000
    assert Fraction(engine["spread"][t[0]]["minimum"]) == 200
    page = client.get(reverse("voting:results", args=[budget_round.slug])).content.decode()
    assert "Gemiddelde" in page and "€ 433,33" in page  # mean of 600, 200 and 500


def test_voters_who_asked_get_one_email_and_code_voters_addresses_are_then_deleted(
    django_capture_on_commit_callbacks,
):
    budget_round, plans = small_mes_round()
    wants = ResidentFactory(email="ja@example.org", notify_by_email=True)
    silent = ResidentFactory(email="nee@example.org", notify_by_email=False)
    budget_round.phase = "voting"
    budget_round.save()
    services.cast_ballot(budget_round, Voter(wants.bsn_pseudonym), ids(plans, 1))
    services.cast_ballot(budget_round, Voter(silent.bsn_pseudonym), ids(plans, 1))
    services.subscribe_to_results(budget_round, "Code@Example.org")
    budget_round.phase = "results"
    budget_round.save()
    with django_capture_on_commit_callbacks(execute=True):
        counting.count_round(budget_round, None)
    with django_capture_on_commit_callbacks(execute=True):
        counting.count_round(budget_round, None)  # a recount mails nobody again
    addresses = sorted(m.to[0] for m in mail.outbox)
    assert addresses == ["code@example.org", "ja@example.org"]
    assert budget_round.result_subscriptions.count() == 0
