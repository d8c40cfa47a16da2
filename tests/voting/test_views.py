"""The voting pages with the test client: ballot, review, receipt, code entry."""

import pytest
from django.urls import reverse

from meedoen.voting import services
from meedoen.voting.codes import parse_recipients
from meedoen.voting.models import AnonymousBallot
from tests.factories import ResidentFactory
from tests.voting.support import make_round

pytestmark = pytest.mark.django_db


def test_resident_chooses_reviews_changes_and_submits_once(client):
    budget_round, plans = make_round("knapsack", costs=(60, 50, 40), budget=100)
    client.force_login(ResidentFactory())
    ballot_url = reverse("voting:ballot", args=[budget_round.slug])
    response = client.post(ballot_url, {"initiative": [plans[0].pk, plans[1].pk]})
    page = response.content.decode()
    assert response.status_code == 400 and "€ 10 meer dan het budget" in page
    assert page.count("checked") == 2  # the choices are kept
    response = client.post(ballot_url, {"initiative": [plans[0].pk]})
    assert response["Location"] == reverse("voting:review", args=[budget_round.slug])
    review = client.get(response["Location"]).content.decode()
    assert "Plan 1" in review and "€ 60 (budget: € 100)" in review
    again = client.get(ballot_url).content.decode()  # 'Wijzig mijn keuze'
    assert (
        again.count(" checked") == 1
        and f'data-cost="60.00" aria-describedby="initiative-{plans[0].pk}-summary" checked'
        in again
    )
    client.post(ballot_url, {"initiative": [plans[2].pk]})
    response = client.post(reverse("voting:review", args=[budget_round.slug]))
    assert response["Location"] == reverse("voting:thanks", args=[budget_round.slug])
    thanks = client.get(response["Location"]).content.decode()
    assert 'id="receipt-code"' in thanks
    assert 'id="receipt-code"' not in client.get(response["Location"]).content.decode()
    assert AnonymousBallot.objects.get().choices == [plans[2].pk]
    # A second submit (back button, double click) stores nothing.
    client.post(ballot_url, {"initiative": [plans[0].pk]})
    client.post(reverse("voting:review", args=[budget_round.slug]))
    assert AnonymousBallot.objects.count() == 1
    assert "U heeft al gestemd in deze ronde" in client.get(ballot_url).content.decode()


def test_resident_of_another_district_is_told_why_they_cannot_vote(client):
    budget_round, _plans = make_round()
    client.force_login(ResidentFactory(district=None))
    page = client.get(reverse("voting:ballot", args=[budget_round.slug])).content.decode()
    assert "Alleen inwoners van Keizerslanden" in page and 'name="initiative"' not in page


def test_visitor_votes_with_a_code_without_an_account(client):
    budget_round, plans = make_round()
    upload = parse_recipients("postcode;huisnummer\n7417 AB;3\n")
    _batch, [(_r, plain)] = services.create_voting_codes(budget_round, upload, None)
    entry = reverse("voting:code_entry")
    response = client.post(entry, {"code": "ABCD-EFGH-JK23"})
    assert "Deze code kennen we niet" in response.content.decode()
    assert 'value="ABCD-EFGH-JK23"' in response.content.decode()
    response = client.post(entry, {"code": plain.lower()})
    assert response["Location"] == reverse("voting:ballot", args=[budget_round.slug])
    client.post(response["Location"], {"initiative": [plans[1].pk]})
    client.post(reverse("voting:review", args=[budget_round.slug]))
    assert AnonymousBallot.objects.get().choices == [plans[1].pk]
    response = client.post(entry, {"code": plain})
    assert "U heeft al gestemd in deze ronde" in response.content.decode()
    thanks = reverse("voting:thanks", args=[budget_round.slug])
    client.post(thanks, {"email": "stemmer@example.org"})
    assert budget_round.result_subscriptions.get().email == "stemmer@example.org"


def test_receipt_check_page_says_whether_a_ballot_counts(client):
    budget_round, plans = make_round()
    from meedoen.voting.eligibility import Voter

    receipt = services.cast_ballot(budget_round, Voter("x"), [plans[0].pk])
    url = reverse("voting:receipt_check")
    assert "telt mee" in client.post(url, {"receipt": receipt}).content.decode()
    assert "kennen we niet" in client.post(url, {"receipt": "ABCD-EFGH-JK23"}).content.decode()


def test_admin_closes_voting_and_counts_from_the_staff_page(staff_client):
    client = staff_client("administrator")
    budget_round, plans = make_round()
    page = client.get(reverse("voting:staff_round", args=[budget_round.slug])).content.decode()
    assert "Sluit het stemmen en tel" in page
    response = client.post(reverse("voting:close_and_count", args=[budget_round.slug]))
    assert response["Location"] == reverse("voting:results", args=[budget_round.slug])
    budget_round.refresh_from_db()
    assert budget_round.phase == "results" and budget_round.result.ballots_total == 0


def test_my_data_lists_rounds_voted_in_but_never_the_choice(client):
    budget_round, plans = make_round()
    resident = ResidentFactory()
    from meedoen.voting.eligibility import Voter

    services.cast_ballot(budget_round, Voter(resident.bsn_pseudonym), [plans[1].pk])
    client.force_login(resident)
    page = client.get(reverse("accounts:my_data")).content.decode()
    assert budget_round.title in page and "u heeft gestemd" in page and "Plan 2" not in page


def test_round_page_of_budgets_shows_vote_now_and_later_the_winners(client):
    budget_round, plans = make_round()
    url = reverse("budgets:round_detail", args=[budget_round.slug])
    assert reverse("voting:ballot", args=[budget_round.slug]) in client.get(url).content.decode()
    from meedoen.voting import counting
    from meedoen.voting.eligibility import Voter

    services.cast_ballot(budget_round, Voter("x"), [plans[2].pk])
    budget_round.phase = "results"
    budget_round.save()
    counting.count_round(budget_round, None)
    page = client.get(url).content.decode()
    assert "Gekozen plannen:" in page and "Plan 3 (€ 40)" in page
