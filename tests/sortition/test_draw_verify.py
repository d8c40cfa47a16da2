import copy
import json

import pytest

from meedoen.sortition import draw_panel, find_distribution, verify_record
from meedoen.sortition.draw import GRID, grid_weights
from meedoen.sortition.quotas import compile_instance


@pytest.fixture
def drawn(small20):
    quotas, people, _ = small20
    dist = find_distribution(people, quotas, 20)
    return quotas, people, dist, draw_panel(dist, "7 21 33 40 41")


def test_draw_is_reproducible_and_allowed(drawn):
    quotas, people, dist, result = drawn
    assert result.panel == draw_panel(dist, " 7 21 33 40 41").panel
    assert result.panel != draw_panel(dist, "7 21 33 40 42").panel
    inst = compile_instance(people, quotas, 20)
    index = {r.id: i for i, r in enumerate(inst.respondents)}
    assert inst.panel_problems(inst.counts_of_panel([index[i] for i in result.panel])) == []
    json.dumps(result.record)  # publishable


def test_verify_honest_record_matches(drawn):
    quotas, people, _dist, result = drawn
    assert verify_record(result.record).ok
    check = verify_record(result.record, respondents=people, quotas=quotas)
    assert check.ok, check.differences
    assert str(check) == "match"


def test_verify_detects_tampered_panel(drawn):
    quotas, people, _dist, result = drawn
    record = copy.deepcopy(result.record)
    outsider = next(r.id for r in people if r.id not in record["panel"])
    record["panel"][0] = outsider
    record["panel"].sort()
    check = verify_record(record, respondents=people, quotas=quotas)
    assert not check.ok and "drawn panel differs" in check.differences[-1]


def test_verify_detects_tampered_distribution(drawn):
    quotas, people, _dist, result = drawn
    record = copy.deepcopy(result.record)
    weights = record["distribution"]["weights"]
    weights[0] += 10**6
    weights[-1] -= 10**6
    check = verify_record(record, respondents=people, quotas=quotas)
    assert not check.ok
    assert any("marginals" in d for d in check.differences)


def test_verify_detects_unfair_distribution(drawn):
    quotas, people, _dist, result = drawn
    record = copy.deepcopy(result.record)
    dist = record["distribution"]
    # Put all weight on the drawn panel's class panel: valid panels, but not leximin.
    chosen = max(range(len(dist["weights"])), key=lambda i: dist["weights"][i])
    dist["panels"] = [dist["panels"][chosen]]
    dist["weights"] = [GRID]
    from meedoen.sortition.draw import record_probabilities, sample_panel
    from meedoen.sortition.model import gini

    probs = record_probabilities(dist["classes"], dist["panels"], dist["weights"])
    dist.update(
        probabilities=probs, min_probability=min(probs.values()), gini=gini(list(probs.values()))
    )
    record["panel"] = sample_panel(dist, record["seed"])
    check = verify_record(record, respondents=people, quotas=quotas)
    assert not check.ok and "not leximin-optimal" in check.differences[0]


def test_verify_detects_changed_quotas(drawn):
    quotas, people, _dist, result = drawn
    record = copy.deepcopy(result.record)
    record["quotas"][0]["min"] = 11
    check = verify_record(record, respondents=people, quotas=quotas)
    assert not check.ok


def test_grid_weights_sum_exactly():
    w = grid_weights([1 / 3, 1 / 3, 1 / 3])
    assert sum(w) == GRID and max(w) - min(w) <= 1
