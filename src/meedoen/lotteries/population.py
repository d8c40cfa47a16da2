"""Reading a population file (BRP selection) for stage 1 or the share register.

The file is CSV, UTF-8, with the header ``id,address,birth_year,sex,district``. Unlike the
engine's reader, which stops at the first problem, this one collects every problem with its
line number, so the administrator can fix the whole file at once. A file with any problem is
not imported at all.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

COLUMNS = ("id", "address", "birth_year", "sex", "district")
SEXES = {"M", "V", "X", "O"}
MAX_ROWS = 500_000


@dataclass(frozen=True)
class PopulationRow:
    person_id: str
    address: str
    birth_year: int
    sex: str
    district: str


@dataclass
class ParsedPopulation:
    rows: list[PopulationRow]
    errors: list[str]
    sha256: str


def parse_population(data: bytes) -> ParsedPopulation:
    """Every row, or every problem (``errors``) by line number; never half a file."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ParsedPopulation(
            [], [_("Het bestand is geen UTF-8-tekst. Sla het op als CSV (UTF-8).")], digest
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    errors: list[str] = []
    rows: list[PopulationRow] = []
    header: list[str] | None = None
    seen: dict[str, int] = {}
    line = 1
    try:
        for cells in reader:
            line_number = line
            line = reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            cells = [cell.strip() for cell in cells]
            if header is None:
                header = [cell.lower() for cell in cells]
                missing = [c for c in COLUMNS if c not in header]
                if missing:
                    errors.append(
                        _(
                            "Regel %(line)s: de kolom %(columns)s ontbreekt. De eerste regel moet "
                            "zijn: id,address,birth_year,sex,district."
                        )
                        % {"line": line_number, "columns": ", ".join(missing)}
                    )
                    return ParsedPopulation([], errors, digest)
                continue
            problem, row = _parse_row(header, cells, line_number, seen)
            if problem:
                errors.append(problem)
            else:
                rows.append(row)
            if len(rows) + len(errors) > MAX_ROWS:
                errors.append(_("Het bestand heeft te veel regels (meer dan 500.000)."))
                break
    except csv.Error:
        errors.append(
            _("Regel %(line)s: deze regel is geen geldige CSV. Kijk de aanhalingstekens na.")
            % {"line": line}
        )
    if header is None:
        errors.append(_("Het bestand is leeg."))
    elif not rows and not errors:
        errors.append(_("Het bestand heeft alleen een kopregel en geen personen."))
    return ParsedPopulation([] if errors else rows, errors, digest)


def _parse_row(header, cells, line, seen) -> tuple[str | None, PopulationRow | None]:
    if len(cells) != len(header):
        return (
            _("Regel %(line)s: %(got)s velden, maar de kopregel heeft er %(want)s.")
            % {"line": line, "got": len(cells), "want": len(header)},
            None,
        )
    value = dict(zip(header, cells, strict=True))
    for column, label in (
        ("id", _("id")),
        ("address", _("adres")),
        ("birth_year", _("geboortejaar")),
        ("sex", _("geslacht")),
        ("district", _("wijk")),
    ):
        if not value[column]:
            return _("Regel %(line)s: %(field)s is leeg.") % {"line": line, "field": label}, None
    person_id = value["id"]
    if person_id in seen:
        return (
            _(
                "Regel %(line)s: id %(id)s staat ook op regel %(first)s. Elke id mag maar één keer in het bestand staan."
            )
            % {"line": line, "id": person_id, "first": seen[person_id]},
            None,
        )
    seen[person_id] = line
    year = value["birth_year"]
    if not year.isdigit() or not 1880 <= int(year) <= 2100:
        return (
            _("Regel %(line)s: geboortejaar %(year)s is geen jaartal. Schrijf het zo: 1985.")
            % {"line": line, "year": year},
            None,
        )
    sex = value["sex"].upper()
    if sex not in SEXES:
        return (
            _("Regel %(line)s: geslacht %(sex)s is onbekend. Gebruik M, V, X of O.")
            % {"line": line, "sex": value["sex"]},
            None,
        )
    if len(person_id) > 64 or len(value["address"]) > 200 or len(value["district"]) > 60:
        return _("Regel %(line)s: een veld is te lang.") % {"line": line}, None
    return None, PopulationRow(person_id, value["address"], int(year), sex, value["district"])
