import functools

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from meedoen.sortition import Quota
from meedoen.sortition import leximin as leximin_module
from meedoen.sortition.generator import generate_instance
from meedoen.sortition.leximin import leximin, relaxation_leximin
from meedoen.sortition.peeling import peel
from meedoen.sortition.quotas import PanelMIP, compile_instance
from tests.sortition.helpers import make_pool

person = st.tuples(st.sampled_from(["f", "m", "x"]), st.sampled_from(["y", "o"]), st.just(None))


@settings(max_examples=30, deadline=None)
@given(
    rows=st.lists(person, min_size=5, max_size=14),
    k=st.integers(2, 5),
    fmin=st.integers(0, 2),
    ymax=st.integers(1, 4),
)
def test_two_categories_peel_completely_into_allowed_panels(rows, k, fmin, ymax):
    # Two categories without households give an integral polytope (a bipartite system),
    # so peeling must write the leximin point exactly as a mix of allowed panels.
    people = make_pool(rows)
    quotas = [
        Quota("gender", "f", fmin, k),
        Quota("gender", "m", 0, k),
        Quota("gender", "x", 0, 1),
        Quota("age", "y", 0, ymax),
        Quota("age", "o", 0, k),
    ]
    inst = compile_instance(people, quotas, k)
    mip = PanelMIP(inst)
    assume(mip.best(np.zeros(len(inst.classes))) is not None)
    counts = relaxation_leximin(inst)
    peeled = peel(inst, counts, mip)
    assert peeled.complete
    weights = np.array(peeled.weights)
    assert (weights > 0).all()
    assert weights.sum() == pytest.approx(1.0, abs=1e-8)
    assert weights @ np.array(peeled.panels) == pytest.approx(counts, abs=1e-6)
    for panel in peeled.panels:
        assert inst.panel_problems(panel) == []


def test_peeling_a_generated_pool_leaves_only_the_check_to_the_lp():
    people, quotas = generate_instance(n=250, k=25, seed=3, household_share=0.15)
    inst = compile_instance(people, quotas, 25)
    assert inst.households and len(inst.classes) > 100
    target = relaxation_leximin(inst) / inst.class_size
    stats: dict = {}
    panels, weights = leximin(inst, stats=stats)
    assert stats["method"] == "relaxation"
    assert stats["decompose_iterations"] == 1  # no pricing needed after peeling
    probs = (weights @ panels) / inst.class_size
    assert (probs >= target - 1e-8).all()
    assert weights.sum() == pytest.approx(1.0)
    for counts in panels:
        assert inst.panel_problems(counts) == []


def test_peeling_leaves_the_pricing_mip_unrestricted():
    people, quotas = generate_instance(n=120, k=12, seed=4)
    inst = compile_instance(people, quotas, 12)
    mip = PanelMIP(inst)
    weights = np.linspace(0.0, 1.0, len(inst.classes))
    before = mip.best(weights)
    peel(inst, relaxation_leximin(inst), mip, max_steps=3)
    assert float(weights @ mip.best(weights)) == pytest.approx(float(weights @ before))


def test_column_generation_finishes_what_peeling_leaves(monkeypatch):
    people, quotas = generate_instance(n=60, k=8, seed=12, household_share=0.3)
    inst = compile_instance(people, quotas, 8)
    full_panels, full_weights = leximin(inst)
    full = (full_weights @ full_panels) / inst.class_size
    monkeypatch.setattr(leximin_module, "peel", functools.partial(peel, max_steps=2))
    stats: dict = {}
    panels, weights = leximin(inst, stats=stats)
    assert stats["peel_panels"] == 2 and not stats["peel_complete"]
    assert stats["decompose_iterations"] > 1
    probs = (weights @ panels) / inst.class_size
    assert probs == pytest.approx(full, abs=1e-6)
    for counts in panels:
        assert inst.panel_problems(counts) == []
