"""Racing submissions: exactly one ballot per voter (needs PostgreSQL's row locks)."""

import threading

import pytest
from django.db import connection

from meedoen.voting import services
from meedoen.voting.codes import parse_recipients
from meedoen.voting.eligibility import Voter
from meedoen.voting.models import AnonymousBallot, VoterMark
from tests.factories import ResidentFactory
from tests.voting.support import make_round

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency needs PostgreSQL")


def race(n, attempt):
    """Runs ``attempt()`` in n threads released at the same moment; returns the outcomes."""
    barrier = threading.Barrier(n)
    outcomes, lock = [], threading.Lock()

    def run():
        try:
            barrier.wait()
            result = attempt()
        except services.AlreadyVoted:
            result = "already voted"
        except Exception as exc:  # anything else is a failure the test shows
            result = repr(exc)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_fifty_simultaneous_submissions_with_one_code_store_exactly_one_ballot(transactional_db):
    budget_round, plans = make_round()
    upload = parse_recipients("postcode;huisnummer\n7417 AB;3\n")
    _batch, [(_r, plain)] = services.create_voting_codes(budget_round, upload, None)
    code = services.code_for(budget_round, plain)
    voter = Voter(code.voter_key, code.pk)
    outcomes = race(50, lambda: services.cast_ballot(budget_round, voter, [plans[0].pk]))
    assert outcomes.count("already voted") == 49, outcomes
    assert AnonymousBallot.objects.filter(round=budget_round).count() == 1
    assert VoterMark.objects.filter(round=budget_round).count() == 1


def test_twenty_racing_requests_of_one_digid_voter_store_exactly_one_ballot(transactional_db):
    budget_round, plans = make_round()
    voter = Voter(ResidentFactory().bsn_pseudonym)
    outcomes = race(20, lambda: services.cast_ballot(budget_round, voter, [plans[1].pk]))
    assert outcomes.count("already voted") == 19, outcomes
    assert AnonymousBallot.objects.filter(round=budget_round).count() == 1
