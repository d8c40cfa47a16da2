"""What a valid ballot is, per ballot form."""

import pytest
from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from meedoen.budgets.models import BudgetRound
from meedoen.voting import ballots
from meedoen.voting.ballots import Option

pytestmark = pytest.mark.django_db


def _round(form, **fields):
    defaults = {"budget": 1000, "max_choices": 2, "points_to_distribute": 10}
    defaults.update(fields)
    return BudgetRound(ballot_form=form, **defaults)


OPTIONS = [
    Option(1, "Bankjes", "", 400),
    Option(2, "Speeltuin", "", 500),
    Option(3, "Moestuin", "", 300),
]


def test_approval_refuses_more_choices_than_allowed_and_names_how_many_to_remove():
    errors = ballots.problems(_round("approval"), OPTIONS, [1, 2, 3])
    assert errors and "maximaal 2" in errors[0] and "1 plan" in errors[0]
    assert ballots.problems(_round("approval"), OPTIONS, [1, 3]) == []


def test_empty_ballot_and_unknown_initiative_are_refused():
    assert ballots.problems(_round("approval"), OPTIONS, []) == ["Kies minstens één plan."]
    assert ballots.problems(_round("knapsack"), OPTIONS, [99])


def test_knapsack_refuses_a_ballot_over_budget_and_says_by_how_much():
    errors = ballots.problems(_round("knapsack"), OPTIONS, [1, 2, 3])
    assert len(errors) == 1 and "€ 1.200" in errors[0] and "€ 200 meer" in errors[0]
    assert ballots.problems(_round("knapsack"), OPTIONS, [1, 2]) == []


def test_submitted_form_keeps_what_was_typed_when_it_is_rejected():
    data = QueryDict("points-1=7&points-2=abc&points-3=")
    submitted = ballots.read_submission(_round("points"), OPTIONS, data)
    assert not submitted.is_valid
    assert "'abc'" in submitted.errors[0] and "Speeltuin" in submitted.errors[0]
    assert submitted.raw == {"points-1": "7", "points-2": "abc", "points-3": ""}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=12), min_size=3, max_size=3))
def test_points_ballot_is_valid_exactly_when_total_is_between_one_and_the_points(values):
    budget_round = _round("points", points_to_distribute=10)
    choices = ballots.canonical(budget_round, {str(i + 1): v for i, v in enumerate(values)})
    errors = ballots.problems(budget_round, OPTIONS, choices)
    assert (errors == []) == (1 <= sum(values) <= 10)
    assert all(v > 0 for v in choices.values())  # zeros are not stored


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=1000), min_size=3, max_size=3))
def test_themes_ballot_is_valid_exactly_when_the_amounts_add_up_to_the_budget(values):
    budget_round = _round("themes", budget=1000)
    data = QueryDict(mutable=True)
    for i, v in enumerate(values, 1):
        data[f"theme-{i}"] = str(v)
    submitted = ballots.read_submission(budget_round, OPTIONS, data)
    assert submitted.is_valid == (sum(values) == 1000)
    if sum(values) < 1000:
        assert "nog" in submitted.errors[0] and "over" in submitted.errors[0]
