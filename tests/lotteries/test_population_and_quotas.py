"""Population files and quota tables: every problem by line, nothing half-imported."""

import pytest

from meedoen.lotteries import services
from meedoen.lotteries.models import PopulationMember
from meedoen.lotteries.quotas import quota_problems
from tests.lotteries.conftest import population_csv


def test_population_file_with_bad_rows_reports_each_line_and_imports_nothing(panel, admin):
    data = (
        b"id,address,birth_year,sex,district\n"
        b"P1,Brink 1,1980,V,01\n"
        b"P2,Brink 2,19x0,M,01\n"
        b"P1,Brink 3,1990,M,01\n"
        b"P4,,1970,V,06\n"
        b"P5,Brink 5,1970,Q,06\n"
        b"P6,Brink 6,1970,V\n"
        b"P7,Brink 7,1975,M,07\n"
    )
    with pytest.raises(services.LotteryError) as caught:
        services.import_population(panel, "fout.csv", data, admin)
    messages = caught.value.messages
    assert len(messages) == 5
    assert messages[0].startswith("Regel 3: geboortejaar 19x0")
    assert "Regel 4: id P1 staat ook op regel 2" in messages[1]
    assert messages[2] == "Regel 5: adres is leeg."
    assert messages[3].startswith("Regel 6: geslacht Q is onbekend")
    assert messages[4].startswith("Regel 7: 4 velden")
    assert not PopulationMember.objects.exists()


def test_population_file_without_required_column_is_refused(panel, admin):
    with pytest.raises(services.LotteryError) as caught:
        services.import_population(panel, "x.csv", b"id,adres,birth_year\nP1,Brink 1,1980\n", admin)
    assert "address" in caught.value.messages[0]
    assert "Regel 1" in caught.value.messages[0]


def test_good_population_file_is_imported_whole(panel, admin):
    upload = services.import_population(panel, "bevolking.csv", population_csv(60), admin)
    assert upload.rows == 60
    assert panel.population.count() == 60


def test_quota_problems_name_each_inconsistency():
    problems = quota_problems(
        10,
        [
            ("Leeftijd", "jong", 4, 3),
            ("Leeftijd", "oud", 7, 8),
            ("Geslacht", "vrouw", 1, 4),
            ("Geslacht", "man", 1, 4),
            ("Geslacht", "man", 1, 4),
        ],
    )
    assert any(
        "Leeftijd = jong: het minimum (4) is groter dan het maximum (3)" in p for p in problems
    )
    assert any("Leeftijd: de minima tellen op tot 11" in p for p in problems)
    assert any("Geslacht = man staat twee keer" in p for p in problems)
    assert quota_problems(10, [("Geslacht", "vrouw", 1, 4), ("Geslacht", "man", 1, 4)]) == [
        "Geslacht: de maxima tellen op tot 8. Dat is minder dan het panel (10 deelnemers). "
        "Verhoog de maxima."
    ]
    assert quota_problems(3, [("Geslacht", "vrouw", 1, 2), ("Geslacht", "man", 1, 2)]) == []


def test_saving_inconsistent_quotas_keeps_the_old_table(panel, admin):
    with pytest.raises(services.LotteryError):
        services.save_quotas(panel, [("Leeftijd", "jong", 5, 6)], admin)
    assert panel.quotas.count() == 4


def test_after_registrations_only_min_and_max_may_change(invited_panel, admin):
    from tests.lotteries.conftest import register_all

    register_all(invited_panel, [{"Leeftijd": "40+", "Geslacht": "man"}])
    with pytest.raises(services.LotteryError, match="alleen nog de minima en maxima"):
        services.save_quotas(invited_panel, [("Wijk", "06", 0, 3)], admin)
    services.save_quotas(
        invited_panel,
        [
            ("Leeftijd", "16-39", 0, 3),
            ("Leeftijd", "40+", 0, 3),
            ("Geslacht", "vrouw", 0, 3),
            ("Geslacht", "man", 0, 3),
        ],
        admin,
    )
    assert invited_panel.quotas.get(value="16-39").min == 0
