import random
from fractions import Fraction

import pytest

from meedoen.pb import read_pb
from meedoen.pb.budget_division import independent_markets, mean_division, spread
from meedoen.pb.election import election_ballots, instant_runoff, plurality

from .conftest import pb_file


def test_plurality_and_irv():
    ballots = [["a", "b"], ["b", "a"], ["c", "b"], ["b"], ["a", "c"]]
    assert plurality(ballots).winner == "a"  # a and b tie at 2; "a" < "b"
    irv = instant_runoff(ballots)
    assert irv.winner == "b" and irv.eliminated == ["c"]


def test_irv_majority_first_round_and_lottery():
    assert instant_runoff([["x"], ["x"], ["y"]]).winner == "x"
    winners = {plurality([["p"], ["q"]], tie_break="lottery", seed=s).winner for s in range(20)}
    assert winners == {"p", "q"}
    assert (
        plurality([["p"], ["q"]], tie_break="lottery", seed=3).winner
        == plurality([["p"], ["q"]], tie_break="lottery", seed=3).winner
    )


def test_election_on_choose1_file():
    inst = read_pb(pb_file("Poland_Wroclaw_2016_Rejon_nr_11_750.pb"))
    assert plurality(election_ballots(inst), inst.project_ids).winner == "644"


def test_election_rejects_bad_ballots():
    with pytest.raises(ValueError):
        plurality([["a", "a"]])
    with pytest.raises(ValueError):
        instant_runoff([["z"]], candidates=["a"])


THEMES = ["wonen", "welzijn", "sport", "cultuur", "zorg"]


def random_division(rng, total, themes=THEMES):
    cuts = sorted(rng.randint(0, total) for _ in range(len(themes) - 1))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    return dict(zip(themes, parts, strict=True))


def l1(a, b):
    return sum(abs(Fraction(a.get(k, 0)) - Fraction(b.get(k, 0))) for k in set(a) | set(b))


def test_sums_to_total_and_unanimity():
    rng = random.Random(1)
    for _ in range(50):
        total = rng.choice([100, 1000, 12345])
        divs = [random_division(rng, total) for _ in range(rng.randint(1, 7))]
        out = independent_markets(divs, total)
        assert sum(out.values()) == total
        assert all(v >= 0 for v in out.values())
        same = [divs[0]] * rng.randint(1, 5)
        assert independent_markets(same, total) == {k: Fraction(v) for k, v in divs[0].items()}
        assert sum(mean_division(divs, total).values()) == total


def test_no_voter_gains_by_misreporting():
    rng = random.Random(2024)
    themes = THEMES[:3]
    for _ in range(60):
        total = 12
        n = rng.randint(1, 4)
        divs = [random_division(rng, total, themes) for _ in range(n)]
        honest = independent_markets(divs, total)
        for i in range(n):
            truth = divs[i]
            base = l1(honest, truth)
            for _ in range(8):
                lie = random_division(rng, total, themes)
                out = independent_markets([*divs[:i], lie, *divs[i + 1 :]], total)
                assert l1(out, truth) >= base


def test_spread_and_validation():
    divs = [{"a": 10, "b": 0}, {"a": 5, "b": 5}, {"a": 0, "b": 10}]
    s = spread(divs, 10)["a"]
    assert (s.minimum, s.median, s.maximum) == (0, 5, 10)
    assert s.q1 == Fraction(5, 2) and s.q3 == Fraction(15, 2)
    with pytest.raises(ValueError):
        independent_markets([{"a": 3}], 10)
