import string
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meedoen.pb import PabulibError, PBInstance, Project, dump_pb, parse_pb, read_pb, write_pb

from .conftest import DATA, pb_file

ALL_FILES = sorted(p.name for p in DATA.glob("*.pb")) if DATA.exists() else []
# Real files with a project listed twice in one approval vote (read with strict=False).
DUPLICATE_VOTES = {"Netherlands_Amsterdam_604.pb"}

SMALL = """META
key;value
budget;100
vote_type;approval
num_projects;3
num_votes;3
PROJECTS
project_id;cost;name
a;50;"Park; new"
b;40;"The ""best"" one"
c;30;plain
VOTES
voter_id;vote
1;a,b
2;c
3;
"""


def test_small_file_reads():
    inst = parse_pb(SMALL)
    assert inst.budget == 100
    assert inst.project_ids == ["a", "b", "c"]
    assert inst.projects[0].name == "Park; new"
    assert inst.projects[1].name == 'The "best" one'
    assert inst.ballots() == [["a", "b"], ["c"], []]
    assert parse_pb(dump_pb(inst)) == inst


@pytest.mark.parametrize("name", ALL_FILES)
def test_real_file_reads_and_round_trips(name):
    inst = read_pb(pb_file(name), strict=name not in DUPLICATE_VOTES)
    assert inst.n_voters == int(inst.meta["num_votes"])
    assert inst.n_projects == int(inst.meta["num_projects"])
    # no vote dropped: every token of the file is in the CSR arrays (except reported dups)
    assert len(inst.indices) == inst.indptr[-1]
    assert parse_pb(dump_pb(inst)) == inst


def test_duplicate_in_vote_is_an_error_unless_lenient():
    with pytest.raises(PabulibError, match=r"line 1927: .*appears twice"):
        read_pb(pb_file("Netherlands_Amsterdam_604.pb"))
    inst = read_pb(pb_file("Netherlands_Amsterdam_604.pb"), strict=False)
    assert inst.warnings and all("line 1927" in w for w in inst.warnings)


def test_votes_counts_match_projects_column():
    inst = read_pb(pb_file("Poland_Warszawa_2026.pb"))
    counts = inst.approval_counts()
    for j, p in enumerate(inst.projects):
        assert int(p.extra["votes"]) == counts[j]


def test_cumulative_points_and_scores():
    inst = read_pb(pb_file("Poland_Gdansk_2020_Chelm.pb"))
    assert inst.points is not None
    scores = inst.scores()
    for j, p in enumerate(inst.projects):
        assert scores[j] == int(p.extra["score"])


def test_ordinal_scores_match_file():
    for name in ("Poland_Krakow_2018_Bronowice.pb", "Poland_Krakow_2022_Krowodrza.pb"):
        inst = read_pb(pb_file(name))
        scores = inst.scores()
        for j, p in enumerate(inst.projects):
            assert scores[j] == int(p.extra["score"]), (name, p.id)


def _bad(text: str, match: str):
    with pytest.raises(PabulibError, match=match) as info:
        parse_pb(text)
    assert isinstance(info.value, ValueError)
    return info.value


@pytest.mark.parametrize(
    "old,new,match",
    [
        ("c;30;plain\n", "c;30;plain\nFOO\n", r"line 12: unknown section 'FOO'"),
        ("c;30;plain", "c;30", r"line 11: PROJECTS: expected 3 columns, found 2"),
        ("2;c\n", "2;zz\n", r"line 15: VOTES: vote for unknown project 'zz'"),
        ("c;30;plain", "c;thirty;plain", r"line 11: cost 'thirty' is not a number"),
        ("3;\n", "1;\n", r"line 16: VOTES: duplicate voter_id '1'"),
        ("2;c\n", "2;c,c\n", r"line 15: VOTES: project 'c' appears twice"),
        ("2;c\n", "2;c;x\n", r"line 15: VOTES: expected 2 columns, found 3"),
        ("num_votes;3", "num_votes;4", r"num_votes=4 but VOTES has 3"),
        ("budget;100", "budget;lots", r"budget 'lots' is not a number"),
        ("vote_type;approval", "vote_type;magic", r"unknown vote_type 'magic'"),
        ("1;a,b", "1;a,,b", r"line 14: VOTES: vote for empty project id"),
    ],
)
def test_malformed_files_name_the_line(old, new, match):
    assert old in SMALL
    _bad(SMALL.replace(old, new, 1), match)


def test_missing_section():
    _bad(SMALL.split("VOTES")[0], "missing section VOTES")


# -- hypothesis round trip -------------------------------------------------------------
ID = st.text(string.ascii_letters + string.digits + "-_", min_size=1, max_size=6)
TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"), max_size=12
)


@st.composite
def instances(draw):
    vote_type = draw(st.sampled_from(["approval", "cumulative", "ordinal", "scoring"]))
    ids = draw(st.lists(ID, min_size=1, max_size=6, unique=True))
    projects = [
        Project(
            pid,
            draw(st.fractions(min_value=0, max_value=10**6, max_denominator=8)),
            name=draw(TEXT),
            extra={"category": draw(TEXT)},
        )
        for pid in ids
    ]
    ballots = []
    for _ in range(draw(st.integers(0, 8))):
        chosen = draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
        if vote_type in ("cumulative", "scoring"):
            ballots.append({pid: draw(st.integers(0, 9)) for pid in chosen})
        else:
            ballots.append(chosen)
    meta = {"description": draw(TEXT), "comment": draw(TEXT)}
    return PBInstance.build(
        draw(st.integers(0, 10**7)), projects, ballots, vote_type=vote_type, meta=meta
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_write_then_read_gives_the_same_instance(inst):
    assert parse_pb(dump_pb(inst)) == inst


def test_write_pb_to_disk(tmp_path):
    inst = parse_pb(SMALL)
    write_pb(inst, tmp_path / "x.pb")
    assert read_pb(tmp_path / "x.pb") == inst


def test_crlf_and_bom():
    inst = parse_pb("\ufeff" + SMALL.replace("\n", "\r\n"))
    assert inst == parse_pb(SMALL)


def test_build_rejects_unknown_project():
    with pytest.raises(ValueError):
        PBInstance.build(10, [Project("a", 5)], [["b"]])


def test_fraction_costs_survive():
    inst = PBInstance.build(
        Fraction(7, 3), [Project("a", Fraction(1, 3)), Project("b", Fraction("2.5"))], [["a"]]
    )
    back = parse_pb(dump_pb(inst))
    assert back.budget == Fraction(7, 3) and back.costs == [Fraction(1, 3), Fraction(5, 2)]
    assert np.array_equal(back.indices, inst.indices)
