import pytest

from meedoen.sortition import (
    InfeasibleQuotasError,
    Quota,
    draw_panel,
    draw_replacements,
    draw_replacements_record,
    find_distribution,
    verify_record,
)
from meedoen.sortition.generator import generate_instance
from meedoen.sortition.quotas import compile_instance
from meedoen.sortition.replacements import residual_problem
from tests.sortition.helpers import make_pool, quotas_of


def meets(ids, people, quotas, k):
    inst = compile_instance(people, quotas, k)
    index = {r.id: i for i, r in enumerate(inst.respondents)}
    return inst.panel_problems(inst.counts_of_panel([index[i] for i in ids])) == []


def test_replacements_restore_quotas(small20):
    quotas, people, _ = small20
    panel = draw_panel(find_distribution(people, quotas, 20), "1 2 3").panel
    by_id = {r.id: r for r in people}
    dropped = [i for i in panel if by_id[i].features["gender"] == "female"][:2]
    new = draw_replacements(people, quotas, panel, dropped, "4 5 6")
    assert len(new) == 2 and not set(new) & set(panel)
    assert meets([i for i in panel if i not in dropped] + new, people, quotas, 20)
    assert new == draw_replacements(people, quotas, panel, dropped, "4 5 6")


def test_replacement_record_verifies(small20):
    quotas, people, _ = small20
    panel = draw_panel(find_distribution(people, quotas, 20), "1 2 3").panel
    new, record = draw_replacements_record(people, quotas, panel, panel[:3], "zaad")
    candidates, residual, _ = residual_problem(people, quotas, panel, panel[:3])
    assert record["panel"] == new
    assert verify_record(record, respondents=candidates, quotas=residual).ok


def test_replacements_skip_households_of_remaining_panel():
    people = make_pool([("f", "y", "h1"), ("f", "y", "h1"), ("f", "y", None), ("m", "y", None)])
    quotas = quotas_of(("gender", "f", 1, 2), ("gender", "m", 0, 2))
    new = draw_replacements(people, quotas, ["r01", "r04"], ["r04"], "s")
    assert new == ["r03"]  # r02 shares r01's household


def test_replacements_infeasible():
    people = make_pool([("f", "y", None), ("m", "y", None), ("m", "y", None)])
    quotas = quotas_of(("gender", "f", 1, 1), ("gender", "m", 0, 2))
    with pytest.raises(InfeasibleQuotasError) as err:
        draw_replacements(people, quotas, ["r01", "r02"], ["r01"], "s")
    assert "min for gender=f must drop from 1 to 0" in str(err.value)


def test_legacy_estimates(small20):
    quotas, people, _ = small20
    dist = find_distribution(people, quotas, 20, algorithm="legacy", seed="s", samples=300)
    assert abs(sum(dist.probabilities.values()) - 20) < 1e-9
    assert dist.min_probability < 0.1  # legacy is unfair to the lone female conservative
    again = find_distribution(people, quotas, 20, algorithm="legacy", seed="s", samples=300)
    assert again.probabilities == dist.probabilities


def test_generator_is_deterministic_and_feasible():
    a = generate_instance(n=60, k=8, seed=3)
    b = generate_instance(n=60, k=8, seed=3)
    assert a == b
    people, quotas = a
    assert len(people) == 60 and len({q.category for q in quotas}) == 7
    assert any(r.household for r in people)
    dist = find_distribution(people, quotas, 8)
    assert abs(sum(dist.probabilities.values()) - 8) < 1e-6
    assert dist.min_probability < 8 / 60  # not uniform: the pool is biased
    for counts in dist.class_panels:
        assert dist.inst.panel_problems(counts) == []


def test_quota_objects_are_plain():
    assert Quota("g", "f", 1, 2).key == "g=f"
