"""Loading Deventer's districts and importing postcode tables."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from meedoen.audit.services import record
from meedoen.districts.models import District, DistrictGroup, Kern, Municipality, PostcodeArea

DATA_DIR = Path(__file__).parent / "data"
POSTCODE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")


def load_deventer(apps=None) -> None:
    """Creates or updates Deventer's municipality, districts and kernen from the shipped data.

    ``apps`` is the historical app registry when called from a data migration.
    """
    get = apps.get_model if apps else None
    municipality_model = get("districts", "Municipality") if get else Municipality
    group_model = get("districts", "DistrictGroup") if get else DistrictGroup
    district_model = get("districts", "District") if get else District
    kern_model = get("districts", "Kern") if get else Kern

    data = json.loads((DATA_DIR / "deventer.json").read_text(encoding="utf-8"))
    sources = data["sources"]
    municipality, _created = municipality_model.objects.update_or_create(
        cbs_code=data["municipality"]["cbs_code"], defaults={"name": data["municipality"]["name"]}
    )
    groups = {}
    for group in data["groups"]:
        groups[group["slug"]], _created = group_model.objects.update_or_create(
            slug=group["slug"],
            defaults={
                "municipality": municipality,
                "name": group["name"],
                "description": group["description"],
            },
        )
    districts = {}
    for row in data["districts"]:
        template = sources["verified"] if row["verified"] else sources["unverified"]
        districts[row["number"]], _created = district_model.objects.update_or_create(
            municipality=municipality,
            number=row["number"],
            defaults={
                "name": row["name"],
                "slug": row["slug"],
                "kind": row["kind"],
                "group": groups.get(row.get("group")),
                "cbs_code": f"WK0150{row['number']}",
                "source": template.format(number=row["number"]),
                "verified": row["verified"],
            },
        )
    for row in data["kernen"]:
        kern_model.objects.update_or_create(
            district=districts[row["district"]],
            name=row["name"],
            defaults={"source": sources["kern"]},
        )


@dataclass
class ImportProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return _("Regel %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class PostcodeImportError(ValueError):
    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def _normalise(value: str) -> str:
    return "".join((value or "").split()).upper()


def parse_postcode_table(text: str, municipality: Municipality) -> list[tuple[str, str, District]]:
    """Reads a CSV of postcode ranges or single postcodes; raises with every bad line named.

    Columns: ``postcode_from,postcode_to,district`` (a range) or ``postcode,district`` (one
    postcode). ``district`` is the two-digit district number, the CBS code or the name.
    """
    by_key = {}
    for district in District.objects.filter(municipality=municipality):
        for key in (district.number, district.cbs_code, district.name.lower(), district.slug):
            by_key[key] = district
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        return _parse_rows(reader, by_key)
    except csv.Error as exc:
        raise PostcodeImportError(
            [ImportProblem(reader.line_num or 1, _("dit is geen geldig CSV-bestand (%s)") % exc)]
        ) from exc


def _parse_rows(reader, by_key) -> list[tuple[str, str, District]]:
    rows, problems = [], []
    header = next(reader, None)
    if header is None:
        raise PostcodeImportError([ImportProblem(1, _("het bestand is leeg"))])
    columns = [c.strip().lower() for c in header]
    if columns == ["postcode_from", "postcode_to", "district"]:
        width = 3
    elif columns == ["postcode", "district"]:
        width = 2
    else:
        raise PostcodeImportError(
            [
                ImportProblem(
                    1,
                    _(
                        "de kopregel moet 'postcode_from,postcode_to,district' of "
                        "'postcode,district' zijn"
                    ),
                )
            ]
        )
    for line_number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != width:
            problems.append(
                ImportProblem(
                    line_number,
                    _("verwacht %(expected)s kolommen, gevonden %(found)s")
                    % {"expected": width, "found": len(row)},
                )
            )
            continue
        start = _normalise(row[0])
        end = _normalise(row[1]) if width == 3 else start
        key = row[-1].strip()
        for value in {start, end}:
            if not POSTCODE.match(value):
                problems.append(
                    ImportProblem(
                        line_number,
                        _("'%(value)s' is geen postcode van 4 cijfers en 2 letters")
                        % {"value": value},
                    )
                )
        district = by_key.get(key) or by_key.get(key.lower())
        if district is None:
            problems.append(
                ImportProblem(line_number, _("wijk '%(key)s' bestaat niet") % {"key": key})
            )
        elif POSTCODE.match(start) and POSTCODE.match(end):
            if start > end:
                problems.append(
                    ImportProblem(line_number, _("de eerste postcode komt na de laatste"))
                )
            else:
                rows.append((line_number, start, end, district))
    rows.sort(key=lambda r: r[1])
    for previous, current in zip(rows, rows[1:], strict=False):
        if current[1] <= previous[2]:
            problems.append(
                ImportProblem(
                    current[0],
                    _("overlapt met regel %(other)s") % {"other": previous[0]},
                )
            )
    if problems:
        raise PostcodeImportError(sorted(problems, key=lambda p: p.line))
    return [(start, end, district) for _line, start, end, district in rows]


@transaction.atomic
def import_postcode_table(text: str, municipality: Municipality, *, actor=None) -> int:
    """Replaces the municipality's postcode table with the file's; all or nothing."""
    rows = parse_postcode_table(text, municipality)
    PostcodeArea.objects.filter(district__municipality=municipality).delete()
    PostcodeArea.objects.bulk_create(
        PostcodeArea(postcode_from=start, postcode_to=end, district=district)
        for start, end, district in rows
    )
    record(
        actor,
        "districts.postcodes_imported",
        municipality,
        changes={"rows": len(rows)},
    )
    return len(rows)


def import_demo_postcodes(municipality: Municipality) -> int:
    text = (DATA_DIR / "postcodes-demo.csv").read_text(encoding="utf-8")
    return import_postcode_table(text, municipality)
