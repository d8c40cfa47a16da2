"""The child mayor election: instant-runoff rounds, each code once, no link from ballot to code."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from meedoen.kinderraad import explain, services
from meedoen.kinderraad.models import Application, Ballot, Election, VotingCode
from meedoen.kinderraad.services import VoteRefused
from tests.kinderraad.helpers import drawn_council, open_election

pytestmark = pytest.mark.django_db


@pytest.fixture
def election():
    council, _schools = drawn_council(size=3)
    return open_election(council)


def test_instant_runoff_on_a_small_hand_made_example(election):
    # A 4, B 3, C 2 first choices; C's voters prefer B -> B wins 5 to 4 in round 2.
    members = sorted(election.candidates.all(), key=lambda a: a.pk)
    a, b, c = (m.pk for m in members)
    plain = services.generate_codes(None, election, members[0].school, 9)
    ballots = [[a, b]] * 4 + [[b, a]] * 3 + [[c, b]] * 2
    for code, ranking in zip(plain, ballots, strict=True):
        services.cast_vote(election, code, ranking)
    election = services.close_election(None, election)
    assert election.winner_id == b
    assert election.result["rounds"] == [
        {str(a): 4, str(b): 3, str(c): 2},
        {str(a): 4, str(b): 5},
    ]
    story = explain.rounds(election)
    names = {m.pk: m.first_name for m in members}
    assert f"{names[c]} heeft de minste stemmen en valt af" in " ".join(story[0].text)
    assert f"{names[b]} heeft meer dan de helft van de stemmen: 5 van de 9" in " ".join(
        story[1].text
    )


def test_plurality_counts_only_the_first_choice():
    council, _schools = drawn_council(size=3)
    election = open_election(council, method=Election.Method.PLURALITY)
    members = sorted(election.candidates.all(), key=lambda a: a.pk)
    plain = services.generate_codes(None, election, members[0].school, 3)
    services.cast_vote(election, plain[0], [members[2].pk, members[0].pk])
    services.cast_vote(election, plain[1], [members[2].pk])
    services.cast_vote(election, plain[2], [members[1].pk])
    assert Ballot.objects.filter(ranking=[str(members[2].pk)]).count() == 2
    assert services.close_election(None, election).winner_id == members[2].pk


def test_each_code_votes_once_and_the_ballot_holds_no_code(election):
    code = services.generate_codes(None, election, Application.objects.first().school, 1)[0]
    candidate = election.candidates.first()
    ballot = services.cast_vote(election, code.lower(), [candidate.pk])
    with pytest.raises(VoteRefused) as refused:
        services.cast_vote(election, code, [candidate.pk])
    assert refused.value.reason == VoteRefused.USED
    assert Ballot.objects.count() == 1
    assert {f.name for f in Ballot._meta.get_fields()} == {"id", "election", "ranking"}
    assert ballot.ranking == [str(candidate.pk)]


def test_votes_for_non_candidates_or_twice_the_same_child_are_refused(election):
    code = services.generate_codes(None, election, Application.objects.first().school, 1)[0]
    outsider = Application.objects.filter(selected=False).first()
    candidate = election.candidates.first()
    for ranking in ([outsider.pk], [candidate.pk, candidate.pk], []):
        with pytest.raises(VoteRefused):
            services.cast_vote(election, code, ranking)
    assert not VotingCode.objects.get().used


def test_child_votes_in_two_steps_and_a_used_code_is_explained(client, election):
    code = services.generate_codes(None, election, Application.objects.first().school, 1)[0]
    first, second = sorted(election.candidates.all(), key=lambda a: a.first_name)[:2]
    url = reverse("kinderraad:vote")
    step = client.get(url, {"code": code})  # as after scanning the QR code
    assert "Jouw keuze 1" in step.content.decode()
    duplicate = client.post(
        url, {"code": code, "step": "ballot", "choice_1": first.pk, "choice_2": first.pk}
    )
    assert "Deze kandidaat heb je al gekozen" in duplicate.content.decode()
    done = client.post(
        url, {"code": code, "step": "ballot", "choice_1": first.pk, "choice_2": second.pk}
    )
    assert "Je hebt gestemd" in done.content.decode()
    assert Ballot.objects.get().ranking == [str(first.pk), str(second.pk)]
    again = client.post(url, {"code": code})
    assert "Met deze code is al gestemd" in again.content.decode()
    unknown = client.post(url, {"code": "ABCD-EFGH-JKMN"})
    assert "Deze code kennen we niet" in unknown.content.decode()


def test_voting_codes_pdf_for_a_school_stores_only_hashes(staff_client, election):
    school = Application.objects.first().school
    client = staff_client("administrator")
    response = client.post(
        reverse("kinderraad:voting_codes", args=[election.council.slug, school.pk]), {"count": "12"}
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert VotingCode.objects.filter(school=school, used=False).count() == 12


def test_closed_election_refuses_votes(election):
    code = services.generate_codes(None, election, Application.objects.first().school, 1)[0]
    services.close_election(None, election)
    election.refresh_from_db()
    with pytest.raises(VoteRefused) as refused:
        services.cast_vote(election, code, [election.candidates.first().pk])
    assert refused.value.reason == VoteRefused.CLOSED


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_votes_with_one_code_count_once(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("a true race needs a server database (PostgreSQL)")
    council, _schools = drawn_council(size=3)
    election = open_election(council)
    code = services.generate_codes(None, election, Application.objects.first().school, 1)[0]
    candidate_pk = election.candidates.first().pk
    barrier = threading.Barrier(10)
    outcomes, lock = [], threading.Lock()

    def attempt():
        try:
            barrier.wait()
            try:
                services.cast_vote(Election.objects.get(pk=election.pk), code, [candidate_pk])
                result = "ok"
            except VoteRefused as refused:
                result = refused.reason
            with lock:
                outcomes.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1
    assert outcomes.count(VoteRefused.USED) == 9
    assert Ballot.objects.count() == 1


def test_a_tie_for_last_place_is_decided_by_lot_and_explained(election):
    members = sorted(election.candidates.all(), key=lambda a: a.pk)
    a, b, c = (m.pk for m in members)
    plain = services.generate_codes(None, election, members[0].school, 4)
    for code, ranking in zip(plain, [[a], [a], [b, a], [c, a]], strict=True):
        services.cast_vote(election, code, ranking)
    election = services.close_election(None, election)
    assert election.winner_id == a
    assert election.result["tie_break"] == "lottery"
    first_round = " ".join(explain.rounds(election)[0].text)
    assert "hadden allemaal evenveel stemmen. Dan beslist het lot wie afvalt." in first_round
