import io

import pytest

from meedoen.sortition import (
    Quota,
    Respondent,
    SortitionInputError,
    read_categories_csv,
    read_population_csv,
    read_respondents_csv,
    write_respondents_csv,
)


def test_reads_replication_format(small20):
    quotas, people, _ = small20
    assert Quota("gender", "female", 9, 20) in quotas
    assert len(people) == 200 and people[0].id == "1"
    assert people[0].features == {"gender": "female", "leaning": "conservative"}


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("category,feature,min\ng,a,1\n", 1, "max"),
        ("category,feature,min,max\ng,a,1,2\ng,b,x,2\n", 3, "whole number"),
        ("category,feature,min,max\ng,a,3,2\n", 2, "larger than max"),
        ("category,feature,min,max\ng,a,1,2\n\ng,a,1,2\n", 4, "duplicate"),
        ("category,feature,min,max\ng,a,-1,2\n", 2, "negative"),
    ],
)
def test_category_errors_name_the_line(text, line, fragment):
    with pytest.raises(SortitionInputError) as err:
        read_categories_csv(io.StringIO(text))
    assert err.value.line == line
    assert fragment in str(err.value)


def test_respondent_errors_name_the_line():
    quotas = read_categories_csv(io.StringIO("category,feature,min,max\ng,a,0,2\ng,b,0,2\n"))
    with pytest.raises(SortitionInputError) as err:
        read_respondents_csv(io.StringIO("id,g\n1,a\n2,c\n"), quotas)
    assert err.value.line == 3 and "unknown value 'c'" in str(err.value)
    with pytest.raises(SortitionInputError) as err:
        read_respondents_csv(io.StringIO("id,g\n1,a\n1,b\n"), quotas)
    assert err.value.line == 3 and "duplicate id" in str(err.value)
    with pytest.raises(SortitionInputError) as err:
        read_respondents_csv(io.StringIO("id,g\n1,a\n2,b,x\n"), quotas)
    assert err.value.line == 3
    with pytest.raises(SortitionInputError) as err:
        read_respondents_csv(io.StringIO("id,h\n1,a\n"), quotas)
    assert err.value.line == 1 and "category column" in str(err.value)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(SortitionInputError):
        read_categories_csv(tmp_path / "nope.csv")


def test_export_round_trip():
    people = [
        Respondent("a", {"g": "x", "d": "1"}, "h1"),
        Respondent("b", {"g": "y", "d": "2"}, None),
    ]
    buffer = io.StringIO()
    write_respondents_csv(people, buffer)
    assert read_respondents_csv(io.StringIO(buffer.getvalue())) == people


def test_population_errors():
    with pytest.raises(SortitionInputError) as err:
        read_population_csv(io.StringIO("id,address,birth_year\n1,A,1980\n2,B,19x0\n"))
    assert err.value.line == 3
    people = read_population_csv(
        io.StringIO("id,address,birth_year,sex,district,buurt\n1,A,1980,v,Noord,7\n")
    )
    assert people[0].birth_year == 1980 and people[0].extra == {"buurt": "7"}
