"""Paper ballots: entered by one staff member, confirmed by another (four eyes)."""

import pytest
from django.urls import reverse

from meedoen.audit.models import AuditEvent
from meedoen.voting import counting, services
from meedoen.voting.codes import parse_recipients
from meedoen.voting.models import AnonymousBallot, PaperBallotEntry, VoterMark, VotingCode
from tests.conftest import login_staff
from tests.factories import StaffFactory
from tests.voting.support import ids, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    budget_round, plans = make_round()
    upload = parse_recipients("postcode;huisnummer\n7417 AB;3\n7417 AB;5\n")
    _batch, issued = services.create_voting_codes(budget_round, upload, None)
    first = StaffFactory(role="wijkmanager", role__districts=["06"])
    second = StaffFactory(role="wijkopbouwwerker", role__districts=["06"])
    return budget_round, plans, [plain for _r, plain in issued], first, second


def test_same_staff_member_cannot_confirm_their_own_entry(setup):
    budget_round, plans, codes, first, _second = setup
    entry, _receipt = services.enter_paper_ballot(budget_round, codes[0], ids(plans, 1), first)
    with pytest.raises(services.VotingError, match="Een andere medewerker"):
        services.confirm_paper_ballot(entry, first)
    assert not AnonymousBallot.objects.exists()


def test_pending_paper_ballot_uses_the_code_but_does_not_count_until_confirmed(setup):
    budget_round, plans, codes, first, second = setup
    entry, receipt = services.enter_paper_ballot(budget_round, codes[0], ids(plans, 2), first)
    assert services.receipt_status(receipt) == "pending"
    voter = services.code_for(budget_round, codes[0])
    with pytest.raises(services.AlreadyVoted):
        services.cast_ballot(budget_round, services_voter(voter), ids(plans, 1))
    assert not AnonymousBallot.objects.exists()
    services.confirm_paper_ballot(entry, second)
    ballot = AnonymousBallot.objects.get()
    assert ballot.channel == "paper" and ballot.choices == ids(plans, 2)
    assert services.receipt_status(receipt) == "counted"
    entry.refresh_from_db()
    assert entry.choices == {} and entry.code is None and entry.decided_by == second
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"voting.paper_entered", "voting.paper_confirmed"} <= actions


def test_rejected_entry_frees_the_code_again(setup):
    budget_round, plans, codes, first, second = setup
    entry, _ = services.enter_paper_ballot(budget_round, codes[1], ids(plans, 1), first)
    services.reject_paper_ballot(entry, second)
    assert not VoterMark.objects.exists() and not VotingCode.objects.filter(used=True).exists()
    code = services.code_for(budget_round, codes[1])
    services.cast_ballot(budget_round, services_voter(code), ids(plans, 3))
    assert AnonymousBallot.objects.get().channel == "online"


def test_counting_waits_for_pending_paper_ballots_and_shows_channels_apart(setup, client):
    budget_round, plans, codes, first, second = setup
    entry, _ = services.enter_paper_ballot(budget_round, codes[0], ids(plans, 1), first)
    services.cast_ballot(
        budget_round, services_voter(services.code_for(budget_round, codes[1])), ids(plans, 1)
    )
    budget_round.phase = "results"
    budget_round.save()
    with pytest.raises(services.VotingError, match="wachten op controle"):
        counting.count_round(budget_round, None)
    login_staff(client, second)
    client.post(reverse("voting:paper_confirm", args=[budget_round.slug, entry.pk]))
    result = counting.count_round(budget_round, None)
    assert (result.ballots_online, result.ballots_paper) == (1, 1)
    page = client.get(reverse("voting:results", args=[budget_round.slug])).content.decode()
    assert "1 online en 1 op papier" in page


def test_paper_page_offers_confirm_only_for_entries_of_someone_else(setup, client):
    budget_round, plans, codes, first, second = setup
    services.enter_paper_ballot(budget_round, codes[0], ids(plans, 1), first)
    login_staff(client, first)
    page = client.get(reverse("voting:paper", args=[budget_round.slug])).content.decode()
    assert "Wijs af" in page and "Bevestig stem" not in page
    login_staff(client, second)
    page = client.get(reverse("voting:paper", args=[budget_round.slug])).content.decode()
    assert "Bevestig stem" in page


def test_staff_enters_a_paper_ballot_through_the_page_and_gets_a_receipt(setup, client):
    budget_round, plans, codes, first, _second = setup
    login_staff(client, first)
    url = reverse("voting:paper", args=[budget_round.slug])
    response = client.post(url, {"code": "AAAA-BBBB-CCCC", "initiative": [plans[0].pk]})
    assert response.status_code == 400 and "hoort niet bij deze ronde" in response.content.decode()
    response = client.post(url, {"code": codes[0], "initiative": [plans[0].pk]})
    assert response.status_code == 200 and "ontvangstcode" in response.content.decode()
    assert PaperBallotEntry.objects.get().entered_by == first


def services_voter(code):
    from meedoen.voting.eligibility import Voter

    return Voter(code.voter_key, code.pk)
