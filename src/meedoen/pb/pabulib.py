"""Reading and writing Pabulib ``.pb`` files (https://pabulib.org/format).

A file has three sections, META, PROJECTS and VOTES, each a ``;``-separated table with a
header row; fields may be quoted with ``"`` (doubled inside).  Reading is strict: anything we
cannot interpret raises :class:`PabulibError` naming the line, because a recount that silently
drops a ballot is worse than no recount.

Speed matters for city-wide votes (Warszawa 2026: 61,668 ballots), so the VOTES section is
split once per line and the vote lists are mapped to project positions with one dict lookup per
token into flat numpy arrays; the csv module is only used for sections that contain quotes.
"""

from __future__ import annotations

import csv
import io
import re
from fractions import Fraction
from pathlib import Path

import numpy as np

from .instance import CARDINAL_TYPES, VOTE_TYPES, PBInstance, Project, fraction_text

SECTIONS = ("META", "PROJECTS", "VOTES")
_MARKER = re.compile(r"^[ \t]*([A-Za-z_]+)[ \t]*\r?$", re.M)


class PabulibError(ValueError):
    """A malformed Pabulib file; ``line`` is the 1-based line number (or None)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        self.problem = message
        super().__init__(f"line {line}: {message}" if line is not None else message)


# ----------------------------------------------------------------------------- reading
def read_pb(path: str | Path, *, strict: bool = True) -> PBInstance:
    """Read a Pabulib file (UTF-8, with or without BOM).  See :func:`parse_pb`."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return parse_pb(fh.read(), strict=strict)


def _split_rows(body: str, first_line: int) -> list[tuple[int, list[str]]]:
    """Rows of a small section with their line numbers; handles quotes via csv."""
    rows: list[tuple[int, list[str]]] = []
    if '"' in body:
        lines = body.split("\n")
        reader = csv.reader(io.StringIO(body, newline=""), delimiter=";", strict=True)
        prev = 0
        try:
            for row in reader:
                start = prev
                prev = reader.line_num
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                rows.append((first_line + start, row))
        except csv.Error as exc:
            raise PabulibError(f"bad quoting: {exc}", first_line + prev) from None
        del lines
        return rows
    for k, line in enumerate(body.split("\n")):
        line = line.rstrip("\r")
        if line.strip():
            rows.append((first_line + k, line.split(";")))
    return rows


def _number(text: str, what: str, line: int) -> Fraction:
    try:
        return Fraction(text.strip().replace(",", "."))
    except (ValueError, ZeroDivisionError):
        raise PabulibError(f"{what} {text.strip()!r} is not a number", line) from None


def _sections(text: str) -> dict[str, tuple[int, str]]:
    """Find the section markers (outside quoted fields) -> {name: (first body line, body)}."""
    found: list[tuple[str, int, int, int]] = []  # name, line of marker, body start, marker start
    for m in _MARKER.finditer(text):
        if text.count('"', 0, m.start()) % 2:
            continue  # inside a quoted multi-line field
        word = m.group(1)
        line = text.count("\n", 0, m.start()) + 1
        if word.upper() not in SECTIONS:
            # A lone word on a line where a row is expected: an unknown section name.
            if word.isupper() or word.lower() in {"meta", "projects", "votes"}:
                raise PabulibError(f"unknown section {word!r}", line)
            continue
        found.append((word.upper(), line, m.end() + 1, m.start()))
    if not found:
        raise PabulibError("no META, PROJECTS or VOTES section found", 1)
    if text[: found[0][3]].strip():
        first = len(text[: found[0][3]].split("\n", 1)[0]) and 1
        raise PabulibError("expected a section name (META, PROJECTS or VOTES)", first or 1)
    out: dict[str, tuple[int, str]] = {}
    for k, (name, line, body_start, _) in enumerate(found):
        if name in out:
            raise PabulibError(f"section {name} appears twice", line)
        end = found[k + 1][3] if k + 1 < len(found) else len(text)
        out[name] = (line + 1, text[body_start:end] if body_start <= end else "")
    for name in SECTIONS:
        if name not in out:
            raise PabulibError(f"missing section {name}")
    return out


def _table(rows: list[tuple[int, list[str]]], section: str, marker_line: int):
    if not rows:
        raise PabulibError(f"section {section} has no header row", marker_line)
    header_line, header = rows[0]
    header = [h.strip() for h in header]
    if len(set(header)) != len(header):
        raise PabulibError(f"duplicate column name in {section} header", header_line)
    for line, row in rows[1:]:
        if len(row) != len(header):
            raise PabulibError(f"{section}: expected {len(header)} columns, found {len(row)}", line)
    return header, header_line, rows[1:]


def parse_pb(text: str, *, strict: bool = True) -> PBInstance:
    """Parse the text of a Pabulib file.

    With ``strict=False`` a project listed twice in one approval or ordinal vote is counted
    once (as pabutools does) and the fact is recorded in ``instance.warnings``; every other
    problem still raises :class:`PabulibError`."""
    if text.startswith("\ufeff"):
        text = text[1:]
    sections = _sections(text)

    # META ------------------------------------------------------------------------------
    first, body = sections["META"]
    header, hline, rows = _table(_split_rows(body, first), "META", first - 1)
    if len(header) != 2:
        raise PabulibError("META: expected the header 'key;value'", hline)
    meta: dict[str, str] = {}
    for line, (key, value) in rows:
        key = key.strip()
        if key in meta:
            raise PabulibError(f"META: key {key!r} appears twice", line)
        meta[key] = value  # verbatim (the writer quotes surrounding white space)
    if "budget" not in meta:
        raise PabulibError("META: no budget")
    budget = _number(meta["budget"], "budget", hline)
    if budget < 0:
        raise PabulibError("META: negative budget", hline)
    vote_type = meta.setdefault("vote_type", "approval").strip()
    if vote_type not in VOTE_TYPES:
        raise PabulibError(f"META: unknown vote_type {vote_type!r}", hline)

    # PROJECTS --------------------------------------------------------------------------
    first, body = sections["PROJECTS"]
    header, hline, rows = _table(_split_rows(body, first), "PROJECTS", first - 1)
    for col in ("project_id", "cost"):
        if col not in header:
            raise PabulibError(f"PROJECTS: no {col} column", hline)
    i_id, i_cost = header.index("project_id"), header.index("cost")
    i_name = header.index("name") if "name" in header else None
    projects: list[Project] = []
    index: dict[str, int] = {}
    for line, row in rows:
        pid = row[i_id].strip()
        if not pid:
            raise PabulibError("PROJECTS: empty project_id", line)
        if pid in index:
            raise PabulibError(f"PROJECTS: duplicate project_id {pid!r}", line)
        cost = _number(row[i_cost], "cost", line)
        if cost < 0:
            raise PabulibError(f"PROJECTS: negative cost for project {pid!r}", line)
        extra = {
            h: v
            for k, (h, v) in enumerate(zip(header, row, strict=True))
            if k not in (i_id, i_cost, i_name)
        }
        index[pid] = len(projects)
        projects.append(Project(pid, cost, row[i_name] if i_name is not None else "", extra))
    if "num_projects" in meta and meta["num_projects"].strip() != str(len(projects)):
        raise PabulibError(
            f"META says num_projects={meta['num_projects']} but PROJECTS has {len(projects)} rows"
        )

    # VOTES -----------------------------------------------------------------------------
    first, body = sections["VOTES"]
    voter_ids, indptr, indices, points, vote_cols, extra, warnings = _parse_votes(
        body, first, index, vote_type, strict
    )
    if "num_votes" in meta and meta["num_votes"].strip() != str(len(voter_ids)):
        raise PabulibError(
            f"META says num_votes={meta['num_votes']} but VOTES has {len(voter_ids)} rows"
        )
    instance = PBInstance(
        meta,
        projects,
        voter_ids,
        indptr,
        indices,
        points,
        project_columns=header,
        vote_columns=vote_cols,
        voter_extra=extra,
    )
    instance.warnings = warnings
    return instance


def _vote_rows(body: str, first: int):
    """Split the VOTES section into (header, columns, line numbers or None).

    Fast path (no quotes, no blank lines, every line with the same number of ``;``): one
    ``str.split`` for the whole section, columns taken by slicing.  Otherwise rows are split
    one by one so that a problem can be reported with its line number."""
    if "\r" in body:
        body = body.replace("\r\n", "\n")
    body = body.rstrip("\n \t")
    if '"' not in body and "\n\n" not in body and body:
        a = np.frombuffer(body.encode("utf-8"), dtype=np.uint8)
        ends = np.append(np.flatnonzero(a == 10), len(a))
        semis = np.diff(np.searchsorted(np.flatnonzero(a == 59), ends), prepend=0)
        if (semis == semis[0]).all():
            ncol = int(semis[0]) + 1
            flat = body.replace("\n", ";").split(";")
            header = [h.strip() for h in flat[:ncol]]
            columns = [flat[ncol + k :: ncol] for k in range(ncol)]
            return header, columns, None
    if '"' in body:
        rows = _split_rows(body, first)
        linenos = [ln for ln, _ in rows]
        fields = [r for _, r in rows]
    else:
        pairs = [(first + k, ln) for k, ln in enumerate(body.split("\n")) if ln.strip()]
        linenos = [p[0] for p in pairs]
        fields = [p[1].split(";") for p in pairs]
    if not fields:
        raise PabulibError("VOTES: no header row", first - 1)
    header = [h.strip() for h in fields[0]]
    ncol = len(header)
    for k, row in enumerate(fields[1:], start=1):
        if len(row) != ncol:
            if len(row) == 1 and row[0].strip().isalpha():
                raise PabulibError(f"unknown section {row[0].strip()!r}", linenos[k])
            raise PabulibError(f"VOTES: expected {ncol} columns, found {len(row)}", linenos[k])
    n = len(fields) - 1
    columns = [list(c) for c in zip(*fields[1:], strict=True)] if n else [[] for _ in header]
    return header, columns, linenos


def _parse_votes(body: str, first: int, index: dict[str, int], vote_type: str, strict: bool):
    header, columns, linenos = _vote_rows(body, first)

    def line_of(k: int) -> int:  # k = row index, 0 = header
        return linenos[k] if linenos is not None else first + k

    if len(set(header)) != len(header):
        raise PabulibError("duplicate column name in VOTES header", line_of(0))
    for c in ("voter_id", "vote"):
        if c not in header:
            raise PabulibError(f"VOTES: no {c} column", line_of(0))
    col = dict(zip(header, columns, strict=True))
    voter_ids = col["voter_id"]
    n = len(voter_ids)
    joined_ids = "".join(voter_ids)
    if " " in joined_ids or "\t" in joined_ids:
        voter_ids = [v.strip() for v in voter_ids]
    if len(set(voter_ids)) != n:
        seen: set[str] = set()
        for k, v in enumerate(voter_ids):
            if v in seen:
                raise PabulibError(f"VOTES: duplicate voter_id {v!r}", line_of(k + 1))
            seen.add(v)
    if "" in voter_ids:
        raise PabulibError("VOTES: empty voter_id", line_of(voter_ids.index("") + 1))

    votes = col["vote"]
    counts = _token_counts(votes, fast=linenos is None)
    if counts is None:
        votes = [v.strip() for v in votes]
        counts = _token_counts(votes, fast=False)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    tokens = ",".join(filter(None, votes)).split(",") if indptr[-1] else []

    def row_of_token(t: int) -> int:
        return int(np.searchsorted(indptr, t, side="right"))  # 1-based data row

    try:
        indices = np.fromiter(map(index.__getitem__, tokens), dtype=np.int32, count=len(tokens))
    except KeyError:
        idx = []
        for t, tok in enumerate(tokens):
            j = index.get(tok.strip())
            if j is None:
                what = "empty project id" if not tok.strip() else f"unknown project {tok.strip()!r}"
                raise PabulibError(f"VOTES: vote for {what}", line_of(row_of_token(t))) from None
            idx.append(j)
        indices = np.array(idx, dtype=np.int32)
    warnings: list[str] = []
    if len(indices) and _has_duplicates(indptr, indices, len(index)):
        rows_of = np.repeat(np.arange(n, dtype=np.int64), counts)
        keys = rows_of * max(len(index), 1) + indices
        order = np.argsort(keys, kind="stable")
        dups = order[1:][np.diff(keys[order]) == 0]
        t = int(dups.min())
        if strict or vote_type in CARDINAL_TYPES:
            raise PabulibError(
                f"VOTES: project {tokens[t].strip()!r} appears twice in one vote"
                + ("" if not strict else " (read with strict=False to count it once)"),
                line_of(row_of_token(t)),
            )
        keep = np.ones(len(indices), dtype=bool)
        keep[dups] = False
        for t in sorted(dups.tolist()):
            warnings.append(
                f"line {line_of(row_of_token(t))}: project {tokens[t].strip()!r} "
                "appears twice in one vote; counted once"
            )
        indices = indices[keep]
        tokens = [tok for tok, k in zip(tokens, keep.tolist(), strict=True) if k]
        counts = np.bincount(rows_of[keep], minlength=n).astype(np.int64)
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])

    points = None
    if "points" in col and (vote_type in CARDINAL_TYPES or vote_type == "ordinal"):
        pcol = col["points"]
        pcounts = _token_counts(pcol, fast=linenos is None)
        if pcounts is None:
            pcol = [p.strip() for p in pcol]
            pcounts = _token_counts(pcol, fast=False)
        if not np.array_equal(pcounts, counts):
            k = int(np.nonzero(pcounts != counts)[0][0])
            raise PabulibError(
                f"VOTES: {counts[k]} projects but {pcounts[k]} points", line_of(k + 1)
            )
        ptoks = ",".join(filter(None, pcol)).split(",") if indptr[-1] else []
        try:
            points = (
                np.array(ptoks, dtype=np.str_).astype(np.int64) if ptoks else np.zeros(0, np.int64)
            )
        except ValueError:
            vals = []
            for t, tok in enumerate(ptoks):
                try:
                    vals.append(Fraction(tok.strip()))
                except (ValueError, ZeroDivisionError):
                    raise PabulibError(
                        f"VOTES: points {tok.strip()!r} is not a number", line_of(row_of_token(t))
                    ) from None
            if all(v.denominator == 1 for v in vals):
                points = np.array([int(v) for v in vals], dtype=np.int64)
            else:
                points = np.array(vals, dtype=object)
        if len(points) and (points < 0).any():
            t = int(np.nonzero(points < 0)[0][0])
            raise PabulibError("VOTES: negative points", line_of(row_of_token(t)))
    elif vote_type in CARDINAL_TYPES and indptr[-1]:
        raise PabulibError(f"VOTES: a {vote_type} vote needs a points column", line_of(0))
    keep_points = points is not None
    extra = {
        h: list(c)
        for h, c in col.items()
        if h not in ("voter_id", "vote") and not (h == "points" and keep_points)
    }
    return voter_ids, indptr, indices, points, header, extra, warnings


def _token_counts(values: list[str], fast: bool) -> np.ndarray | None:
    """Number of comma-separated tokens in each value (0 for an empty value).  Returns None
    when some value has surrounding white space, so that the caller strips first."""
    if fast:
        joined = ";".join(values)
        if " " in joined or "\t" in joined:
            return None
        a = np.frombuffer(joined.encode("utf-8"), dtype=np.uint8)
        ends = np.append(np.flatnonzero(a == 59), len(a))
        starts = np.concatenate(([0], ends[:-1] + 1))
        commas = np.diff(np.searchsorted(np.flatnonzero(a == 44), ends), prepend=0)
        return np.where(ends > starts, commas + 1, 0).astype(np.int64)
    if any(v != v.strip() for v in values):
        return None
    return np.fromiter((v.count(",") + 1 if v else 0 for v in values), np.int64, len(values))


def _has_duplicates(indptr: np.ndarray, indices: np.ndarray, n_projects: int) -> bool:
    """Does some ballot list a project twice?  With at most 62 projects a ballot is a bit
    mask, and a repeated project makes the sum of the bits differ from their OR."""
    nonempty = np.flatnonzero(np.diff(indptr))
    if n_projects <= 62:
        bits = np.left_shift(np.int64(1), indices.astype(np.int64))
        starts = indptr[:-1][nonempty]
        return bool((np.add.reduceat(bits, starts) != np.bitwise_or.reduceat(bits, starts)).any())
    rows_of = np.repeat(np.arange(len(indptr) - 1, dtype=np.int64), np.diff(indptr))
    keys = np.sort(rows_of * n_projects + indices)
    return bool((np.diff(keys) == 0).any())


# ----------------------------------------------------------------------------- writing
def _field(value: str) -> str:
    if any(ch in value for ch in ';"\n\r') or value != value.strip():
        return '"' + value.replace('"', '""') + '"'
    return value


def _row(values) -> str:
    return ";".join(_field(v) for v in values)


def dump_pb(instance: PBInstance) -> str:
    """The text of a Pabulib file for ``instance`` (inverse of :func:`parse_pb`)."""
    out = ["META", "key;value"]
    out += [_row((k, v)) for k, v in instance.meta.items()]
    out.append("PROJECTS")
    out.append(_row(instance.project_columns))
    for p in instance.projects:
        vals = []
        for c in instance.project_columns:
            if c == "project_id":
                vals.append(p.id)
            elif c == "cost":
                vals.append(fraction_text(p.cost))
            elif c == "name" and "name" not in p.extra:
                vals.append(p.name)
            else:
                vals.append(p.extra.get(c, ""))
        out.append(_row(vals))
    out.append("VOTES")
    out.append(_row(instance.vote_columns))
    ids = [p.id for p in instance.projects]
    ip = instance.indptr.tolist()
    idx = instance.indices.tolist()
    pts = instance.points.tolist() if instance.points is not None else None
    for i, vid in enumerate(instance.voter_ids):
        lo, hi = ip[i], ip[i + 1]
        vals = []
        for c in instance.vote_columns:
            if c == "voter_id":
                vals.append(vid)
            elif c == "vote":
                vals.append(",".join(ids[j] for j in idx[lo:hi]))
            elif c == "points" and pts is not None:
                vals.append(",".join(fraction_text(Fraction(x)) for x in pts[lo:hi]))
            else:
                vals.append(instance.voter_extra[c][i])
        out.append(_row(vals))
    return "\n".join(out) + "\n"


def write_pb(instance: PBInstance, path: str | Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(dump_pb(instance))
