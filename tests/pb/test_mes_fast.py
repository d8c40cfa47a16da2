"""The fast approval MES (lazy, float-guided, exactly confirmed) and the fast add1 loop."""

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meedoen.pb import PBInstance, Project, count, read_pb
from meedoen.pb.counting import _mes_runner, add1, add1_stepwise
from meedoen.pb.instance import APPROVAL_TYPES
from meedoen.pb.mes import ApprovalData, mes_approval, mes_selection_screen
from meedoen.pb.tiebreak import tie_ranks

from .conftest import DATA, pb_file

# Every approval file except the 61,668-voter Warszawa 2026 (bench/pb_bench.py compares the
# two add1 loops on it and on the other benchmark files).
APPROVAL_FILES = [
    "Netherlands_Amsterdam_166.pb",
    "Netherlands_Amsterdam_179.pb",
    "Netherlands_Amsterdam_212.pb",
    "Netherlands_Amsterdam_252.pb",
    "Netherlands_Amsterdam_267.pb",
    "Netherlands_Amsterdam_285.pb",
    "Netherlands_Amsterdam_287.pb",
    "Netherlands_Amsterdam_288.pb",
    "Netherlands_Amsterdam_289.pb",
    "Netherlands_Amsterdam_304.pb",
    "Netherlands_Amsterdam_309.pb",
    "Netherlands_Amsterdam_324.pb",
    "Netherlands_Amsterdam_332.pb",
    "Netherlands_Amsterdam_335.pb",
    "Netherlands_Amsterdam_358.pb",
    "Netherlands_Amsterdam_417.pb",
    "Netherlands_Amsterdam_489.pb",
    "Netherlands_Amsterdam_490.pb",
    "Netherlands_Amsterdam_491.pb",
    "Netherlands_Amsterdam_492.pb",
    "Netherlands_Amsterdam_509.pb",
    "Netherlands_Amsterdam_515.pb",
    "Netherlands_Amsterdam_522.pb",
    "Netherlands_Amsterdam_523.pb",
    "Netherlands_Amsterdam_524.pb",
    "Netherlands_Amsterdam_525.pb",
    "Netherlands_Amsterdam_588.pb",
    "Netherlands_Amsterdam_604.pb",
    "Netherlands_Amsterdam_605.pb",
    "Netherlands_Amsterdam_613.pb",
    "Netherlands_Amsterdam_619.pb",
    "Netherlands_Amsterdam_621.pb",
    "Netherlands_Amsterdam_622.pb",
    "Netherlands_Amsterdam_628.pb",
    "Netherlands_Amsterdam_631.pb",
    "Netherlands_Amsterdam_643.pb",
    "Netherlands_Amsterdam_644.pb",
    "Netherlands_Amsterdam_645.pb",
    "Netherlands_Amsterdam_646.pb",
    "Netherlands_Amsterdam_647.pb",
    "Netherlands_Assen_2024.pb",
    "Poland_Wieliczka_2023_Green_Budget.pb",
    "Poland_Wroclaw_2016_Rejon_nr_11_750.pb",
    "Poland_Zabrze_2021_Zaborze_Poludnie.pb",
]


def same_run(a, b) -> None:
    assert a.selected == b.selected
    assert [(p.rho, p.price, p.effective_votes) for p in a.purchases] == [
        (p.rho, p.price, p.effective_votes) for p in b.purchases
    ]
    assert a.available == b.available
    assert a.budget_per_voter == b.budget_per_voter


def n_candidates(inst) -> int:
    return sum(1 for c, s in zip(inst.costs, inst.approval_counts(), strict=True) if c and s)


def test_approval_file_list_is_complete():
    found = set()
    for path in DATA.glob("*.pb"):
        inst = read_pb(path, strict=False)
        if inst.vote_type in APPROVAL_TYPES and path.name != "Poland_Warszawa_2026.pb":
            found.add(path.name)
    assert found == set(APPROVAL_FILES)


@pytest.mark.parametrize("name", APPROVAL_FILES)
def test_fast_add1_equals_step_by_step_loop(name):
    inst = read_pb(pb_file(name), strict=False)
    runner = _mes_runner(inst, tie_ranks(inst.project_ids), "fast")
    args = (inst.budget, inst.n_voters, inst.costs, n_candidates(inst))
    fast, k_fast = add1(runner, *args)
    # the definition: full runs at every step, through a plain callable
    ref, k_ref = add1_stepwise(lambda total: runner(total), *args)
    assert k_fast == k_ref
    same_run(fast, ref)
    assert fast.exact_fallback == ref.exact_fallback


def test_stop_above_keeps_the_prefix():
    inst = read_pb(pb_file("Poland_Wieliczka_2023_Green_Budget.pb"))
    data = ApprovalData.from_instance(inst, tie_ranks(inst.project_ids))
    total = inst.budget + 200 * inst.n_voters
    full = mes_approval(data, total)
    cut = mes_approval(data, total, available=False, stop_above=inst.budget)
    assert sum(inst.costs[j] for j in cut.selected) > inst.budget
    assert cut.selected == full.selected[: len(cut.selected)]
    assert [p.rho for p in cut.purchases] == [p.rho for p in full.purchases[: len(cut.selected)]]
    assert cut.available == {}


# -- larger random instances: many budget classes, many exact ties ------------------------
@st.composite
def tie_heavy_instances(draw):
    n_proj = draw(st.integers(2, 9))
    # few distinct costs and supports: equal prices (ties) are common
    costs = [draw(st.sampled_from([6, 10, 12, 15, 30, 45])) for _ in range(n_proj)]
    projects = [Project(str(j), c) for j, c in enumerate(costs)]
    ids = [p.id for p in projects]
    n_types = draw(st.integers(1, 8))
    types = [
        draw(st.lists(st.sampled_from(ids), unique=True, min_size=0, max_size=n_proj))
        for _ in range(n_types)
    ]
    weights = [draw(st.integers(1, 40)) for _ in range(n_types)]
    ballots = [t for t, w in zip(types, weights, strict=True) for _ in range(w)]
    budget = Fraction(draw(st.integers(1, 400)), draw(st.sampled_from([1, 3, 7])))
    return PBInstance.build(budget, projects, ballots)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tie_heavy_instances(), st.integers(0, 5))
def test_random_fast_mes_equals_exact_reference(inst, extra):
    rank = tie_ranks(inst.project_ids)
    fast = _mes_runner(inst, rank, "fast")
    exact = _mes_runner(inst, rank, "exact")
    total = inst.budget + extra * inst.n_voters
    same_run(fast(total), exact(total))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tie_heavy_instances())
def test_random_fast_add1_equals_exact_step_by_step(inst):
    fast = count(inst, rule="mes", completion="add1")
    exact = count(inst, rule="mes", completion="add1", method="exact")
    assert fast.selected == exact.selected
    assert fast.details["add1_steps"] == exact.details["add1_steps"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tie_heavy_instances(), st.integers(0, 5))
def test_class_compaction_changes_nothing(inst, extra):
    import meedoen.pb.mes as mes_module

    rank = tie_ranks(inst.project_ids)
    total = inst.budget + extra * inst.n_voters
    plain = _mes_runner(inst, rank, "fast")(total)
    old = mes_module.COMPACT_AT, mes_module._compact
    mes_module.COMPACT_AT = 2
    mes_module._compact = lambda cl, cls: old[1](cl, cls, force=True)
    try:
        compacted = _mes_runner(inst, rank, "fast")(total)
    finally:
        mes_module.COMPACT_AT, mes_module._compact = old
    same_run(plain, compacted)
    same_run(plain, _mes_runner(inst, rank, "exact")(total))


def test_class_compaction_on_a_real_file(monkeypatch):
    import meedoen.pb.mes as mes_module

    inst = read_pb(pb_file("Poland_Wieliczka_2023_Green_Budget.pb"))
    rank = tie_ranks(inst.project_ids)
    total = inst.budget + 100 * inst.n_voters
    plain = _mes_runner(inst, rank, "fast")(total)
    real = mes_module._compact
    calls = []

    def forced(cl, cls):
        before = cl.m
        real(cl, cls, force=True)
        calls.append(before - cl.m)

    monkeypatch.setattr(mes_module, "COMPACT_AT", 16)
    monkeypatch.setattr(mes_module, "_compact", forced)
    same_run(plain, _mes_runner(inst, rank, "fast")(total))
    assert calls and max(calls) > 0  # classes were really dropped


# -- the float screen add1 uses for its intermediate steps --------------------------------
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tie_heavy_instances(), st.integers(0, 5))
def test_screen_is_exact_or_gives_up(inst, extra):
    rank = tie_ranks(inst.project_ids)
    total = inst.budget + extra * inst.n_voters
    data = ApprovalData.from_instance(inst, rank)
    sel = mes_selection_screen(data, total)
    exact = _mes_runner(inst, rank, "exact")(total)
    assert sel is None or sel == exact.selected
    cut = mes_selection_screen(data, total, stop_above=inst.budget)
    if cut is not None:
        assert cut == exact.selected[: len(cut)]
        if cut != exact.selected:
            assert sum(inst.costs[j] for j in cut) > inst.budget


@pytest.mark.parametrize(
    "name,decided,tied",
    [
        ("Poland_Wieliczka_2023_Green_Budget.pb", (0, 1, 7, 50, 150), ()),
        # at step 150 two projects of Amsterdam 621 tie exactly: floats cannot call it
        ("Netherlands_Amsterdam_621.pb", (0, 1, 7, 50), (150,)),
    ],
)
def test_screen_decides_real_files(name, decided, tied):
    inst = read_pb(pb_file(name))
    runner = _mes_runner(inst, tie_ranks(inst.project_ids), "fast")
    for k in decided + tied:
        total = inst.budget + k * inst.n_voters
        sel = mes_selection_screen(runner.data, total)
        if k in tied:
            assert sel is None
            assert runner.selection(total) == runner(total).selected  # the exact path decides
        else:
            assert sel == runner(total).selected
