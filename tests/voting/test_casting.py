"""Casting ballots: eligibility, one ballot per voter, secrecy, receipts."""

import pytest

from meedoen.accounts.pseudonym import bsn_pseudonym
from meedoen.voting import services
from meedoen.voting.codes import ParsedUpload, Recipient
from meedoen.voting.eligibility import Voter, resident_problem
from meedoen.voting.models import AnonymousBallot, VoterMark, VotingCode
from tests.factories import ResidentFactory, StaffFactory, district
from tests.voting.support import ids, make_round

pytestmark = pytest.mark.django_db


def person_codes(budget_round, *bsns):
    upload = ParsedUpload(kind="people", recipients=[Recipient(line=2, bsn=b) for b in bsns])
    admin = StaffFactory(role="administrator")
    _batch, issued = services.create_voting_codes(budget_round, upload, admin)
    return [plain for _recipient, plain in issued]


def code_voter(budget_round, plain):
    code = services.code_for(budget_round, plain)
    return Voter(code.voter_key, code.pk)


def test_resident_votes_once_and_a_second_ballot_is_refused():
    budget_round, plans = make_round()
    voter = Voter(ResidentFactory().bsn_pseudonym)
    receipt = services.cast_ballot(budget_round, voter, ids(plans, 1))
    with pytest.raises(services.AlreadyVoted, match="U heeft al gestemd in deze ronde"):
        services.cast_ballot(budget_round, voter, ids(plans, 2))
    assert AnonymousBallot.objects.filter(round=budget_round).count() == 1
    assert services.receipt_status(receipt) == "counted"
    assert services.receipt_status("AAAA-BBBB-CCCC") == "unknown"


def test_code_and_digid_of_the_same_person_give_one_ballot():
    budget_round, plans = make_round()
    [plain] = person_codes(budget_round, "999990093")
    services.cast_ballot(budget_round, Voter(bsn_pseudonym("999990093")), ids(plans, 1))
    with pytest.raises(services.AlreadyVoted):
        services.cast_ballot(budget_round, code_voter(budget_round, plain), ids(plans, 2))
    assert AnonymousBallot.objects.count() == 1
    assert VotingCode.objects.get().used is False  # the DigiD vote did not touch the code


def test_two_codes_of_the_same_person_give_one_ballot():
    budget_round, plans = make_round()
    [first] = person_codes(budget_round, "999990093")
    [second] = person_codes(budget_round, "999990093")
    services.cast_ballot(budget_round, code_voter(budget_round, first), ids(plans, 1))
    with pytest.raises(services.AlreadyVoted):
        services.cast_ballot(budget_round, code_voter(budget_round, second), ids(plans, 2))
    assert AnonymousBallot.objects.count() == 1


def test_an_address_code_is_used_once():
    budget_round, plans = make_round()
    upload = ParsedUpload(
        kind="addresses", recipients=[Recipient(2, postcode="7417AB", house_number="3")]
    )
    _batch, [(_r, plain)] = services.create_voting_codes(budget_round, upload, StaffFactory())
    voter = code_voter(budget_round, plain)
    services.cast_ballot(budget_round, voter, ids(plans, 3))
    with pytest.raises(services.AlreadyVoted):
        services.cast_ballot(budget_round, voter, ids(plans, 3))
    assert VotingCode.objects.get().used


def test_a_ballot_after_voting_closed_is_refused():
    budget_round, plans = make_round(phase="results")
    with pytest.raises(services.VotingClosed):
        services.cast_ballot(budget_round, Voter("someone"), ids(plans, 1))
    assert not VoterMark.objects.exists()


def test_an_invalid_ballot_is_refused_by_the_service_too():
    budget_round, plans = make_round(max_choices=1)
    with pytest.raises(services.InvalidBallot):
        services.cast_ballot(budget_round, Voter("someone"), ids(plans, 1, 2))
    assert not VoterMark.objects.exists()


@pytest.mark.parametrize(
    ("where", "born", "problem"),
    [
        ("06", 1990, None),
        ("01", 1990, "niet in Keizerslanden"),
        ("06", 2012, "16 jaar of ouder"),
        (None, 1990, "niet in Keizerslanden"),
    ],
)
def test_eligibility_follows_district_and_age_in_the_voting_year(where, born, problem):
    budget_round, _plans = make_round()
    resident = ResidentFactory(district=district(where) if where else None, birth_year=born)
    found = resident_problem(resident, budget_round)
    assert (found is None) if problem is None else (problem in found)


def test_city_wide_round_accepts_any_deventer_district_but_not_outside():
    budget_round, _plans = make_round(district_number=None)
    assert resident_problem(ResidentFactory(district=district("01")), budget_round) is None
    assert "niet in Deventer" in resident_problem(ResidentFactory(district=None), budget_round)


def test_staff_cannot_vote_as_a_resident():
    budget_round, _plans = make_round()
    assert "Alleen inwoners" in resident_problem(StaffFactory(), budget_round)


def test_ballot_table_has_no_column_that_references_a_voter_a_code_or_a_time():
    fields = {f.name: f for f in AnonymousBallot._meta.get_fields() if f.concrete}
    assert set(fields) == {"id", "round", "choices", "receipt_hash", "channel"}
    related = {f.related_model._meta.label for f in fields.values() if f.is_relation}
    assert related == {"budgets.BudgetRound"}
    assert fields["id"].get_internal_type() == "UUIDField"
    marks = {f.name for f in VoterMark._meta.get_fields() if f.concrete}
    assert marks == {"id", "round", "voter_key"}  # and no link from a mark to a ballot


def test_ballots_are_not_stored_in_the_order_people_voted():
    budget_round, plans = make_round()
    for k in range(20):
        services.cast_ballot(budget_round, Voter(f"voter-{k}"), ids(plans, 1 + k % 3))
    by_id = list(
        AnonymousBallot.objects.filter(round=budget_round).values_list("choices", flat=True)
    )
    cast_order = [ids(plans, 1 + k % 3) for k in range(20)]
    # Random UUID keys: the stored order is a shuffle, not the order of casting.
    assert sorted(map(tuple, by_id)) == sorted(map(tuple, cast_order))
    assert by_id != cast_order
