"""Reading and writing the lottery's CSV files, all-or-nothing.

Formats (UTF-8, optional BOM, comma separated, header on line 1):

* categories: ``category,feature,min,max`` (the replication package of Flanigan et al.);
  ``value`` is accepted instead of ``feature``.
* respondents: the replication package has one column per category and no id; the rows are
  then numbered ``1, 2, ...`` (data row number) as ids.  Our own export adds an ``id``
  column and an optional ``household`` column (``address`` is accepted too); people with
  the same non-empty household value may not both sit on a panel.  Other columns are
  features.
* population (stage 1): ``id,address,birth_year,sex,district`` plus any extra columns.

Every problem raises :class:`SortitionInputError` naming the line; nothing is returned
half-read.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from .errors import SortitionInputError
from .model import Person, Quota, Respondent

Source = str | os.PathLike | IO[str]


def _read_rows(source: Source) -> tuple[str | None, list[tuple[int, list[str]]]]:
    """All non-blank rows with their 1-based line numbers."""
    path = None
    try:
        if isinstance(source, (str, os.PathLike)):
            path = str(source)
            text = Path(source).read_text(encoding="utf-8-sig")
        else:
            text = source.read()
            if text.startswith("\ufeff"):
                text = text[1:]
    except FileNotFoundError as exc:
        raise SortitionInputError("file not found", path=path) from exc
    except UnicodeDecodeError as exc:
        raise SortitionInputError("file is not valid UTF-8", path=path) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((start, [cell.strip() for cell in row]))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise SortitionInputError(f"malformed CSV: {exc}", line=start, path=path) from exc
    if not rows:
        raise SortitionInputError("file is empty", line=1, path=path)
    return path, rows


def _int_cell(value: str, column: str, line: int, path: str | None) -> int:
    try:
        number = int(value)
    except ValueError:
        raise SortitionInputError(
            f"{column} must be a whole number, got {value!r}", line=line, path=path
        ) from None
    if number < 0:
        raise SortitionInputError(f"{column} must not be negative", line=line, path=path)
    return number


def read_categories_csv(source: Source) -> list[Quota]:
    """Quotas from ``category,feature,min,max`` rows."""
    path, rows = _read_rows(source)
    header_line, header = rows[0]
    lower = [h.lower() for h in header]
    if "value" in lower and "feature" not in lower:
        lower[lower.index("value")] = "feature"
    missing = [c for c in ("category", "feature", "min", "max") if c not in lower]
    if missing:
        raise SortitionInputError(
            f"header lacks column(s) {', '.join(missing)}", line=header_line, path=path
        )
    idx = {name: lower.index(name) for name in ("category", "feature", "min", "max")}
    quotas: list[Quota] = []
    seen: set[tuple[str, str]] = set()
    for line, row in rows[1:]:
        if len(row) < len(header):
            raise SortitionInputError(
                f"expected {len(header)} fields, got {len(row)}", line=line, path=path
            )
        category, value = row[idx["category"]], row[idx["feature"]]
        if not category or not value:
            raise SortitionInputError(
                "category and feature must not be empty", line=line, path=path
            )
        lo = _int_cell(row[idx["min"]], "min", line, path)
        hi = _int_cell(row[idx["max"]], "max", line, path)
        if lo > hi:
            raise SortitionInputError(
                f"min {lo} is larger than max {hi} for {category}={value}", line=line, path=path
            )
        if (category, value) in seen:
            raise SortitionInputError(
                f"duplicate quota for {category}={value}", line=line, path=path
            )
        seen.add((category, value))
        quotas.append(Quota(category, value, lo, hi))
    if not quotas:
        raise SortitionInputError("no quotas in file", line=header_line, path=path)
    return quotas


def read_respondents_csv(source: Source, quotas: Iterable[Quota] | None = None) -> list[Respondent]:
    """Respondents; with ``quotas``, every category must be a column and every value known."""
    path, rows = _read_rows(source)
    header_line, header = rows[0]
    if len(set(header)) != len(header) or any(not h for h in header):
        raise SortitionInputError(
            "header has empty or repeated column names", line=header_line, path=path
        )
    lower = [h.lower() for h in header]
    id_col = lower.index("id") if "id" in lower else None
    hh_col = None
    for name in ("household", "address"):
        if name in lower:
            hh_col = lower.index(name)
            break
    feature_cols = [i for i in range(len(header)) if i not in (id_col, hh_col)]
    allowed: dict[str, set[str]] = {}
    for q in quotas or ():
        allowed.setdefault(q.category, set()).add(q.value)
    missing = [c for c in allowed if c not in header]
    if missing:
        raise SortitionInputError(
            f"header lacks category column(s) {', '.join(sorted(missing))}",
            line=header_line,
            path=path,
        )
    result: list[Respondent] = []
    seen: set[str] = set()
    for number, (line, row) in enumerate(rows[1:], start=1):
        if len(row) != len(header):
            raise SortitionInputError(
                f"expected {len(header)} fields, got {len(row)}", line=line, path=path
            )
        rid = row[id_col] if id_col is not None else str(number)
        if not rid:
            raise SortitionInputError("empty id", line=line, path=path)
        if rid in seen:
            raise SortitionInputError(f"duplicate id {rid!r}", line=line, path=path)
        seen.add(rid)
        features = {header[i]: row[i] for i in feature_cols}
        for category, values in allowed.items():
            if features[category] not in values:
                raise SortitionInputError(
                    f"unknown value {features[category]!r} for category {category!r}",
                    line=line,
                    path=path,
                )
        household = row[hh_col] if hh_col is not None and row[hh_col] else None
        result.append(Respondent(rid, features, household))
    if not result:
        raise SortitionInputError("no respondents in file", line=header_line, path=path)
    return result


def write_respondents_csv(
    respondents: Iterable[Respondent], target: str | os.PathLike | IO[str]
) -> None:
    """Our export format: ``id,household,<features...>`` (features in first-seen order)."""
    people = list(respondents)
    columns: list[str] = []
    for r in people:
        for name in r.features:
            if name not in columns:
                columns.append(name)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "household", *columns])
    for r in people:
        writer.writerow([r.id, r.household or "", *(r.features.get(c, "") for c in columns)])
    if isinstance(target, (str, os.PathLike)):
        Path(target).write_text(buffer.getvalue(), encoding="utf-8")
    else:
        target.write(buffer.getvalue())


POPULATION_COLUMNS = ("id", "address", "birth_year", "sex", "district")


def read_population_csv(source: Source) -> list[Person]:
    """The stage-1 population file: ``id,address,birth_year,sex,district`` + extra columns."""
    path, rows = _read_rows(source)
    header_line, header = rows[0]
    lower = [h.lower() for h in header]
    for name in ("id", "address"):
        if name not in lower:
            raise SortitionInputError(f"header lacks column {name}", line=header_line, path=path)
    idx = {name: lower.index(name) for name in POPULATION_COLUMNS if name in lower}
    extra_cols = [i for i in range(len(header)) if i not in idx.values()]
    people: list[Person] = []
    seen: set[str] = set()
    for line, row in rows[1:]:
        if len(row) != len(header):
            raise SortitionInputError(
                f"expected {len(header)} fields, got {len(row)}", line=line, path=path
            )
        pid, address = row[idx["id"]], row[idx["address"]]
        if not pid or not address:
            raise SortitionInputError("id and address must not be empty", line=line, path=path)
        if pid in seen:
            raise SortitionInputError(f"duplicate id {pid!r}", line=line, path=path)
        seen.add(pid)
        birth_year = None
        if "birth_year" in idx and row[idx["birth_year"]]:
            text = row[idx["birth_year"]]
            if not text.isdigit() or not 1800 <= int(text) <= 2200:
                raise SortitionInputError(f"invalid birth_year {text!r}", line=line, path=path)
            birth_year = int(text)
        people.append(
            Person(
                id=pid,
                address=address,
                birth_year=birth_year,
                sex=row[idx["sex"]] if "sex" in idx else "",
                district=row[idx["district"]] if "district" in idx else "",
                extra={header[i]: row[i] for i in extra_cols},
            )
        )
    if not people:
        raise SortitionInputError("no people in file", line=header_line, path=path)
    return people
