"""Rules: agreement with pabutools 1.2.3, with the exact reference, and with official results."""

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meedoen.pb import PBInstance, Project, count, dump_pb, read_pb
from meedoen.pb.counting import _mes_runner, add1, rule_from_meta
from meedoen.pb.mes_exact import grouped_profile
from meedoen.pb.tiebreak import tie_ranks

from .conftest import pb_file

pabutools = pytest.importorskip("pabutools")
from pabutools.election import (  # noqa: E402
    Additive_Cardinal_Sat,
    Cost_Sat,
    parse_pabulib,
)
from pabutools.election.pabulib import parse_pabulib_from_string  # noqa: E402
from pabutools.rules import (  # noqa: E402
    completion_by_rule_combination,
    exhaustion_by_budget_increase,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)

# Approval files on which pabutools needs well under a second per rule.
SMALL_APPROVAL = [
    "Netherlands_Assen_2024.pb",
    "Netherlands_Amsterdam_588.pb",
    "Netherlands_Amsterdam_179.pb",
    "Netherlands_Amsterdam_166.pb",
    "Netherlands_Amsterdam_522.pb",
    "Netherlands_Amsterdam_304.pb",
    "Netherlands_Amsterdam_643.pb",
    "Netherlands_Amsterdam_619.pb",
    "Netherlands_Amsterdam_523.pb",
    "Netherlands_Amsterdam_358.pb",
    "Netherlands_Amsterdam_515.pb",
    "Netherlands_Amsterdam_646.pb",
]
# add1 with pabutools re-runs MES once per step: only the tiniest files.
ADD1_PABUTOOLS = [
    "Netherlands_Assen_2024.pb",
    "Netherlands_Amsterdam_643.pb",
    "Netherlands_Amsterdam_588.pb",
]


def names(alloc) -> set[str]:
    return {p.name for p in alloc}


def pabu_add1(inst, prof, sat=Cost_Sat, complete=True):
    n = prof.num_ballots()
    params = {"rule": method_of_equal_shares, "rule_params": {"sat_class": sat}}
    params.update(budget_step=n, exhaustive_stop=False)
    if not complete:
        return exhaustion_by_budget_increase(inst, prof, **params)
    return completion_by_rule_combination(
        inst,
        prof,
        [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
        [params, {"sat_class": sat}],
    )


@pytest.mark.parametrize("name", SMALL_APPROVAL)
def test_agrees_with_pabutools_on_real_files(name):
    path = pb_file(name)
    ours = read_pb(path)
    inst, prof = parse_pabulib(str(path))
    g = greedy_utilitarian_welfare(inst, prof, sat_class=Cost_Sat)
    assert set(count(ours, rule="greedy").selected) == names(g)
    m = method_of_equal_shares(inst, prof, sat_class=Cost_Sat)
    assert set(count(ours, rule="mes", completion="none").selected) == names(m)
    mg = completion_by_rule_combination(
        inst,
        prof,
        [method_of_equal_shares, greedy_utilitarian_welfare],
        [{"sat_class": Cost_Sat}, {"sat_class": Cost_Sat}],
    )
    assert set(count(ours, rule="mes", completion="greedy").selected) == names(mg)
    if name in ADD1_PABUTOOLS:
        assert set(count(ours, rule="mes", completion="add1").selected) == names(
            pabu_add1(inst, prof)
        )


@pytest.mark.parametrize(
    "name", ["Poland_Czestochowa_2020_Srodmiescie.pb", "Poland_Gdansk_2020_Chelm.pb"]
)
def test_cardinal_mes_agrees_with_pabutools(name):
    path = pb_file(name)
    inst, prof = parse_pabulib(str(path))
    m = method_of_equal_shares(inst, prof, sat_class=Additive_Cardinal_Sat)
    assert set(count(read_pb(path), rule="mes", completion="none").selected) == names(m)


# -- official results --------------------------------------------------------------------
def official(inst) -> set[str]:
    out = set()
    for p in inst.projects:
        value = p.extra["selected"].strip()
        if value not in ("0", "1"):
            raise AssertionError(f"unexpected selected value {value!r} for project {p.id}")
        if value == "1":
            out.add(p.id)
    return out


OFFICIAL = [
    "Netherlands_Assen_2024.pb",
    "Poland_Krakow_2022_Krowodrza.pb",
    "Poland_Warszawa_2026.pb",
    "Poland_Wieliczka_2023_Green_Budget.pb",
    "Poland_Wroclaw_2016_Rejon_nr_11_750.pb",
]
KNOWN_DEVIATIONS = {
    "Netherlands_Assen_2024.pb": (
        "Assen published the add1 MES outcome without a greedy completion: 11,300 + 12,000 "
        "was left and project 7 (RuBox, 12,000, 10 votes) fits but was not funded. Our add1 "
        "without the completion step reproduces the official list exactly (asserted below)."
    ),
}


@pytest.mark.parametrize("name", OFFICIAL)
def test_official_results(name):
    inst = read_pb(pb_file(name))
    rule, completion, comparison = rule_from_meta(inst)
    expected = official(inst)
    if name in KNOWN_DEVIATIONS:
        assert KNOWN_DEVIATIONS[name]
        assert rule == "mes" and completion == "add1"
        run, _ = add1(
            _mes_runner(inst, tie_ranks(inst.project_ids), "fast"),
            inst.budget,
            inst.n_voters,
            inst.costs,
            sum(1 for c, s in zip(inst.costs, inst.approval_counts(), strict=True) if c and s),
        )
        assert {inst.project_ids[j] for j in run.selected} == expected
        return
    result = count(inst, rule=rule, completion=completion, comparison=comparison)
    assert set(result.selected) == expected


def test_official_files_with_selected_column_are_all_listed():
    from .conftest import DATA

    with_selected = set()
    for path in DATA.glob("*.pb"):
        inst = read_pb(path, strict=False)
        if any("selected" in p.extra for p in inst.projects):
            with_selected.add(path.name)
    assert with_selected == set(OFFICIAL)


def test_wieliczka_comparison_details():
    result = count(read_pb(pb_file("Poland_Wieliczka_2023_Green_Budget.pb")), rule=None)
    assert result.rule == "mes/add1-comparison"
    cmp_ = result.details["comparison"]
    assert cmp_["chosen"] == "mes" and cmp_["prefer_mes"] > cmp_["prefer_greedy"]
    assert len(result.selected) == 30


def test_fast_path_matches_exact_reference_on_real_files():
    for name in ["Poland_Wieliczka_2023_Green_Budget.pb", "Netherlands_Amsterdam_646.pb"]:
        inst = read_pb(pb_file(name))
        rank = tie_ranks(inst.project_ids)
        fast = _mes_runner(inst, rank, "fast")
        exact = _mes_runner(inst, rank, "exact")
        for extra in (0, 37 * inst.n_voters, 113 * inst.n_voters):
            a, b = fast(inst.budget + extra), exact(inst.budget + extra)
            assert a.selected == b.selected
            assert [p.rho for p in a.purchases] == [p.rho for p in b.purchases]
            assert a.available == b.available


# -- property tests on small random instances ---------------------------------------------
@st.composite
def approval_instances(draw, vote_type="approval"):
    n_proj = draw(st.integers(1, 6))
    costs = [draw(st.integers(0 if vote_type == "approval" else 1, 30)) for _ in range(n_proj)]
    projects = [
        Project(str(draw(st.sampled_from([j, j + 10, j * 7 + 3]))) + "p" * j, c)
        for j, c in enumerate(costs)
    ]
    ids = [p.id for p in projects]
    n_vot = draw(st.integers(1, 9))
    ballots = []
    for _ in range(n_vot):
        # pabutools cannot read an empty cumulative vote, so those have at least one project
        min_size = 1 if vote_type == "cumulative" else 0
        chosen = draw(
            st.lists(st.sampled_from(ids), unique=True, min_size=min_size, max_size=n_proj)
        )
        if vote_type == "cumulative":
            ballots.append({pid: draw(st.integers(1, 5)) for pid in chosen})
        else:
            ballots.append(chosen)
    budget = draw(st.integers(1, 80))
    return PBInstance.build(budget, projects, ballots, vote_type=vote_type)


def replay_payments(inst, run):
    """Exact per-voter payments for a Cost_Sat MES run; checks the MES axioms."""
    b0 = run.budget_per_voter
    budgets = [b0] * inst.n_voters
    ballots = [set(inst.ballot(i)) for i in range(inst.n_voters)]
    costs = dict(zip(inst.project_ids, inst.costs, strict=True))
    prev_rho = Fraction(0)
    for pu in run.purchases:
        pid = inst.project_ids[pu.project]
        assert pu.rho >= prev_rho  # prices never fall
        prev_rho = pu.rho
        paid = Fraction(0)
        for i, bal in enumerate(ballots):
            if pid in bal:
                pay = min(budgets[i], pu.rho * costs[pid])
                budgets[i] -= pay
                paid += pay
        assert paid == costs[pid]  # the supporters pay exactly the cost
    assert all(b >= 0 for b in budgets)  # nobody pays more than their share
    chosen = set(run.selected)
    for j, pid in enumerate(inst.project_ids):
        if j in chosen or costs[pid] == 0:
            continue
        left = sum(budgets[i] for i, bal in enumerate(ballots) if pid in bal)
        # no unselected project is still affordable by its supporters when MES stops
        assert left < costs[pid] or not any(pid in bal for bal in ballots)


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(approval_instances(), st.sampled_from(["none", "greedy", "add1"]))
def test_random_approval_agrees_with_pabutools_and_exact(inst, completion):
    fast = count(inst, rule="mes", completion=completion)
    exact = count(inst, rule="mes", completion=completion, method="exact")
    assert fast.selected == exact.selected
    assert fast.budget_used <= inst.budget
    pinst, prof = parse_pabulib_from_string(dump_pb(inst))
    if completion == "none":
        ref = method_of_equal_shares(pinst, prof, sat_class=Cost_Sat)
    elif completion == "greedy":
        ref = completion_by_rule_combination(
            pinst,
            prof,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": Cost_Sat}, {"sat_class": Cost_Sat}],
        )
    else:
        ref = pabu_add1(pinst, prof)
    assert set(fast.selected) == names(ref)
    g = count(inst, rule="greedy")
    assert set(g.selected) == names(greedy_utilitarian_welfare(pinst, prof, sat_class=Cost_Sat))


@SETTINGS
@given(approval_instances())
def test_random_mes_axioms(inst):
    rank = tie_ranks(inst.project_ids)
    for extra in (0, inst.n_voters, 5 * inst.n_voters):
        run = _mes_runner(inst, rank, "fast")(inst.budget + extra)
        replay_payments(inst, run)
        assert sum(inst.costs[j] for j in run.selected) <= inst.budget + extra


@SETTINGS
@given(approval_instances("cumulative"))
def test_random_cardinal_mes_agrees_with_pabutools(inst):
    ours = count(inst, rule="mes", completion="none")
    pinst, prof = parse_pabulib_from_string(dump_pb(inst))
    ref = method_of_equal_shares(pinst, prof, sat_class=Additive_Cardinal_Sat)
    assert set(ours.selected) == names(ref)


@SETTINGS
@given(approval_instances(), st.integers(0, 2**32))
def test_lottery_tie_break_is_reproducible(inst, seed):
    a = count(inst, rule="mes", completion="add1", tie_break="lottery", seed=seed)
    b = count(inst, rule="mes", completion="add1", tie_break="lottery", seed=seed)
    assert a.selected == b.selected
    assert a.budget_used <= inst.budget


def test_tie_broken_by_id_as_text():
    # "10" < "9" as text: with equal votes and costs, project 10 wins the tie
    projects = [Project("9", 10), Project("10", 10)]
    inst = PBInstance.build(10, projects, [["9", "10"], ["9", "10"]])
    assert count(inst, rule="greedy").selected == ["10"]
    assert count(inst, rule="mes", completion="none").selected == ["10"]


def test_greedy_no_skip_stops():
    projects = [Project("a", 60), Project("b", 50), Project("c", 10)]
    inst = PBInstance.build(100, projects, [["a", "b", "c"], ["a", "b"], ["a"]])
    r = count(inst, rule="greedy-no-skip")
    assert r.selected == ["a"]
    assert r.projects["b"].reason == "did_not_fit"
    assert r.projects["c"].reason == "greedy_stopped"
    assert count(inst, rule="greedy").selected == ["a", "c"]


def test_explanations():
    projects = [Project("a", 60), Project("b", 50), Project("c", 10), Project("d", 5)]
    inst = PBInstance.build(100, projects, [["a", "c"], ["a"], ["b"], ["a", "b"]])
    r = count(inst, rule="mes", completion="greedy")
    a = r.projects["a"]
    assert a.selected and a.phase == "mes" and a.round == 1 and a.price is not None
    assert a.cost_per_supporter == 20
    assert r.projects["d"].selected is True and r.projects["d"].phase == "completion"
    rejected = [p for p in r.projects.values() if not p.selected]
    assert all(p.reason in {"did_not_fit", "supporters_short", "no_votes"} for p in rejected)
    js = r.to_json_dict()
    assert js["selected"] == r.selected and "budget_used" in js
    none = count(inst, rule="mes", completion="none")
    assert none.projects["d"].reason == "no_votes"


def test_greedy_threshold_and_exact_budget():
    inst = read_pb(pb_file("Poland_Warszawa_2026.pb"))
    r = count(inst, rule="greedy-threshold")
    assert r.budget_used <= inst.budget
    assert any(p.reason == "below_threshold" for p in r.projects.values())


def test_grouped_profile_weights_sum_to_voters():
    inst = read_pb(pb_file("Netherlands_Assen_2024.pb"))
    assert sum(grouped_profile(inst).weights) == inst.n_voters
