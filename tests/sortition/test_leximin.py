import itertools

import highspy
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meedoen.sortition import InfeasibleQuotasError, Quota, find_distribution
from meedoen.sortition.quotas import compile_instance
from tests.sortition.helpers import make_pool, quotas_of


def allowed(panel, people, quotas, k):
    if len(panel) != k:
        return False
    by_id = {r.id: r for r in people}
    households = [by_id[i].household for i in panel if by_id[i].household]
    if len(households) != len(set(households)):
        return False
    for q in quotas:
        got = sum(1 for i in panel if by_id[i].features[q.category] == q.value)
        if not q.min <= got <= q.max:
            return False
    return True


def brute_force_maximin(people, quotas, k):
    panels = [
        p
        for p in itertools.combinations([r.id for r in people], k)
        if allowed(p, people, quotas, k)
    ]
    ids = [r.id for r in people]
    covered = [i for i in ids if any(i in p for p in panels)]
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    v = len(panels)
    h.addVars(v + 1, np.zeros(v + 1), np.r_[np.full(v, 1.0), 1.0])
    h.changeColsCost(1, np.array([v], dtype=np.int32), np.array([-1.0]))
    h.addRow(1.0, 1.0, v, np.arange(v, dtype=np.int32), np.ones(v))
    for i in covered:
        idx = [j for j, p in enumerate(panels) if i in p] + [v]
        vals = [1.0] * (len(idx) - 1) + [-1.0]
        h.addRow(0.0, highspy.kHighsInf, len(idx), np.array(idx, dtype=np.int32), np.array(vals))
    h.run()
    z = -h.getInfo().objective_function_value
    return 0.0 if len(covered) < len(ids) else z


def check_distribution(dist, people, quotas, k):
    assert abs(sum(dist.weights) - 1) < 1e-9
    for panel in dist.panels:
        assert allowed(panel, people, quotas, k)
    assert abs(sum(dist.probabilities.values()) - k) < 1e-6
    marginals = dict.fromkeys(dist.probabilities, 0.0)
    for panel, w in zip(dist.panels, dist.weights, strict=True):
        for i in panel:
            marginals[i] += w
    for i, p in dist.probabilities.items():
        assert abs(marginals[i] - p) < 1e-9


def test_small20_matches_reference(small20):
    quotas, people, _ = small20
    dist = find_distribution(people, quotas, 20)
    assert abs(dist.min_probability - 0.10) < 1e-4
    assert dist.gini < 1e-6
    check_distribution(dist, people, quotas, 20)


def test_non_uniform_leximin():
    # 2 women, 6 men, exactly one woman on a panel of 2: women 1/2, men 1/6.
    people = make_pool([("f", "y", None)] * 2 + [("m", "y", None)] * 6)
    quotas = quotas_of(("gender", "f", 1, 1), ("gender", "m", 0, 2))
    dist = find_distribution(people, quotas, 2)
    probs = sorted(dist.probabilities.values())
    assert probs[:6] == pytest.approx([1 / 6] * 6, abs=1e-7)
    assert probs[6:] == pytest.approx([0.5, 0.5], abs=1e-7)


def test_household_rule_and_second_level():
    # r01/r02 share a household; both old; quota: at least one old.
    people = make_pool(
        [("f", "old", "h"), ("m", "old", "h"), ("f", "young", None), ("m", "young", None)]
    )
    quotas = quotas_of(("age", "old", 1, 1), ("age", "young", 0, 2))
    dist = find_distribution(people, quotas, 2)
    check_distribution(dist, people, quotas, 2)
    assert dist.probabilities["r01"] == pytest.approx(0.5, abs=1e-7)
    assert dist.probabilities["r03"] == pytest.approx(0.5, abs=1e-7)


def test_person_on_no_panel_gets_zero():
    people = make_pool([("f", "old", None), ("m", "y", None), ("m", "y", None)])
    quotas = quotas_of(("age", "old", 0, 0), ("age", "y", 0, 2))
    dist = find_distribution(people, quotas, 2)
    assert dist.probabilities["r01"] == 0.0
    assert dist.min_probability == 0.0


def test_infeasible_quotas_name_the_relaxation():
    people = make_pool([("female", "y", None)] * 9 + [("male", "y", None)] * 20)
    quotas = quotas_of(("gender", "female", 12, 20), ("gender", "male", 0, 20))
    with pytest.raises(InfeasibleQuotasError) as err:
        find_distribution(people, quotas, 20)
    assert [str(r) for r in err.value.relaxations] == [
        "min for gender=female must drop from 12 to 9"
    ]
    assert err.value.relaxations[0].required == 9


def test_conflicting_quotas_across_categories():
    people = make_pool([("f", "old", None)] * 5 + [("m", "young", None)] * 5)
    quotas = quotas_of(
        ("gender", "f", 3, 5), ("gender", "m", 0, 5), ("age", "old", 0, 1), ("age", "young", 0, 5)
    )
    with pytest.raises(InfeasibleQuotasError) as err:
        find_distribution(people, quotas, 4)
    assert sum(abs(r.current - r.required) for r in err.value.relaxations) == 2
    assert "must" in str(err.value)


def test_panel_too_large_for_households():
    people = make_pool([("f", "y", "h1"), ("m", "y", "h1"), ("f", "y", None)])
    with pytest.raises(InfeasibleQuotasError) as err:
        find_distribution(people, quotas_of(("gender", "f", 0, 3)), 3)
    assert str(err.value.relaxations[0]) == "panel size must drop from 3 to 2"


def test_classes_group_interchangeable_people(small20):
    quotas, people, _ = small20
    inst = compile_instance(people, quotas, 20)
    assert len(inst.classes) == 3


pool_rows = st.tuples(
    st.sampled_from("fm"),
    st.sampled_from(["y", "o", "m"]),
    st.sampled_from([None, None, "h1", "h2"]),
)


@settings(max_examples=25, deadline=None)
@given(
    rows=st.lists(pool_rows, min_size=4, max_size=8),
    k=st.integers(1, 4),
    fmin=st.integers(0, 2),
    omax=st.integers(0, 3),
)
def test_random_instances_against_brute_force(rows, k, fmin, omax):
    people = make_pool(rows)
    quotas = [
        Quota("gender", "f", fmin, 4),
        Quota("gender", "m", 0, 4),
        Quota("age", "o", 0, omax),
    ]
    try:
        dist = find_distribution(people, quotas, k)
    except InfeasibleQuotasError as exc:
        panels = [
            p
            for p in itertools.combinations([r.id for r in people], k)
            if allowed(p, people, quotas, k)
        ]
        assert not panels and exc.relaxations
        return
    check_distribution(dist, people, quotas, k)
    assert dist.min_probability == pytest.approx(brute_force_maximin(people, quotas, k), abs=1e-6)


def test_large200_matches_reference():
    from meedoen.sortition import read_categories_csv, read_respondents_csv
    from tests.sortition.helpers import DATA

    d = DATA / "example_large_200"
    quotas = read_categories_csv(d / "categories.csv")
    people = read_respondents_csv(d / "respondents.csv", quotas)
    dist = find_distribution(people, quotas, 200)
    assert abs(dist.min_probability - 0.10) < 1e-4
    for counts in dist.class_panels:
        assert dist.inst.panel_problems(counts) == []


def test_generated_households_stages_never_drop():
    # Regression: on generated pools with households, rounding made the dual stage LP
    # unbounded and a later stage reported a negative value (classes were then fixed at 0).
    # The primal master keeps the previous stage's solution feasible, so stage values are
    # non-decreasing; both methods must agree on the (unique) leximin probabilities.
    from meedoen.sortition.generator import generate_instance
    from meedoen.sortition.leximin import leximin

    people, quotas = generate_instance(n=70, k=9, seed=11, household_share=0.3)
    inst = compile_instance(people, quotas, 9)
    assert inst.households
    stats: dict = {}
    panels, weights = leximin(inst, stats=stats, method="stages")
    values = stats["stage_values"]
    assert stats["stages"] > 2
    assert all(v >= 0 for v in values)
    assert all(b >= a - 1e-9 for a, b in zip(values, values[1:], strict=False))
    probs = (weights @ panels) / inst.class_size
    assert probs.min() > 0
    fast_panels, fast_weights = leximin(inst)
    fast = (fast_weights @ fast_panels) / inst.class_size
    assert np.sort(probs) == pytest.approx(np.sort(fast), abs=1e-6)
    assert probs == pytest.approx(fast, abs=1e-6)
    for counts in panels:
        assert inst.panel_problems(counts) == []
