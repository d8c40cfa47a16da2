"""Property: a population file is imported whole, or not at all with the bad line named."""

from hypothesis import given, settings
from hypothesis import strategies as st

from meedoen.lotteries.population import parse_population
from meedoen.lotteries.selectors import age_band

row = st.tuples(
    st.from_regex(r"[A-Z][0-9]{1,6}", fullmatch=True),
    st.from_regex(r"[A-Za-z][A-Za-z ]{0,20} [0-9]{1,3}", fullmatch=True),
    st.integers(1900, 2025),
    st.sampled_from(["M", "V", "X", "O", "m", "v"]),
    st.sampled_from(["01", "06", "Bathmen"]),
)


def render(rows) -> bytes:
    lines = ["id,address,birth_year,sex,district"]
    lines += [f"{i},{a},{y},{s},{d}" for i, a, y, s, d in rows]
    return ("\n".join(lines) + "\n").encode()


@settings(max_examples=60, deadline=None)
@given(st.lists(row, min_size=1, max_size=30, unique_by=lambda r: r[0]), st.data())
def test_a_file_is_all_or_nothing(rows, data):
    parsed = parse_population(render(rows))
    assert not parsed.errors
    assert [r.person_id for r in parsed.rows] == [r[0] for r in rows]
    bad = data.draw(st.integers(0, len(rows) - 1))
    broken = list(rows)
    broken[bad] = (rows[bad][0], rows[bad][1], "onbekend", rows[bad][3], rows[bad][4])
    parsed = parse_population(render(broken))
    assert parsed.rows == []
    assert parsed.errors == [
        f"Regel {bad + 2}: geboortejaar onbekend is geen jaartal. Schrijf het zo: 1985."
    ]


def test_age_bands_cover_every_age_from_16():
    assert age_band(15) is None
    assert [age_band(a) for a in (16, 24, 25, 39, 40, 54, 55, 69, 70, 104)] == [
        "16-24",
        "16-24",
        "25-39",
        "25-39",
        "40-54",
        "40-54",
        "55-69",
        "55-69",
        "70+",
        "70+",
    ]
