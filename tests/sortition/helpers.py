from pathlib import Path

from meedoen.sortition import Quota, Respondent

ROOT = Path(__file__).resolve().parents[2]
DATA = (ROOT / ".." / "shared" / "data" / "sortition").resolve()


def load_small20():
    from meedoen.sortition import read_categories_csv, read_respondents_csv

    d = DATA / "example_small_20"
    quotas = read_categories_csv(d / "categories.csv")
    return quotas, read_respondents_csv(d / "respondents.csv", quotas), d


def make_pool(spec: list[tuple[str, str, str | None]]) -> list[Respondent]:
    """Respondents from (gender, age, household) triples, ids r01, r02, ..."""
    return [
        Respondent(f"r{i + 1:02d}", {"gender": g, "age": a}, hh)
        for i, (g, a, hh) in enumerate(spec)
    ]


def quotas_of(*rows: tuple[str, str, int, int]) -> list[Quota]:
    return [Quota(*row) for row in rows]
