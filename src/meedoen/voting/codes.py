"""Voting codes (stemcodes): making them, hashing them, reading the upload they are made for.

A code is 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L), printed in three
groups of four: 31^12 ≈ 2^59 possibilities, far too many to guess. The scheme is the one of
every printed code (``meedoen.paper_codes``): the database keeps only an HMAC of the code, so a
copy of the database alone cannot be used to vote or to print the letters again.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from meedoen import paper_codes
from meedoen.accounts.pseudonym import is_valid_bsn

ALPHABET = paper_codes.ALPHABET
CODE_LENGTH = paper_codes.LENGTH
normalise = paper_codes.normalise


def new_code() -> str:
    return paper_codes.formatted(paper_codes.new_code())


def code_hash(code: str) -> str:
    return paper_codes.code_hash(code, "meedoen.voting.code")


def new_receipt() -> str:
    return new_code()


def receipt_hash(receipt: str) -> str:
    # Receipts are random and long, so a plain hash cannot be reversed by trying them all.
    return hashlib.sha256(normalise(receipt).encode()).hexdigest()


# --- the upload -------------------------------------------------------------------------------

PEOPLE_COLUMNS = {"bsn"}
ADDRESS_COLUMNS = {"postcode", "huisnummer"}
LETTER_COLUMNS = ("naam", "straat", "huisnummer", "postcode", "woonplaats")
_POSTCODE = re.compile(r"^\d{4}\s?[A-Za-z]{2}$")


@dataclass
class Recipient:
    """One letter to print. Only ``bsn`` (as a pseudonym) is ever stored; the rest is printed."""

    line: int
    bsn: str = ""
    name: str = ""
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    city: str = ""

    def address_lines(self) -> list[str]:
        lines = []
        if self.name:
            lines.append(self.name)
        elif not self.bsn:
            lines.append(_("Aan de bewoner(s) van"))
        street = " ".join(p for p in (self.street, self.house_number) if p)
        if street:
            lines.append(street)
        place = " ".join(p for p in (self.postcode, self.city) if p)
        if place:
            lines.append(place)
        return lines


@dataclass
class ParsedUpload:
    kind: str = ""
    recipients: list[Recipient] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse_recipients(text: str) -> ParsedUpload:
    """Reads the CSV (``;`` or ``,``). Columns ``bsn`` make person codes; ``postcode`` and
    ``huisnummer`` make address codes. Every bad row is reported with its line number."""
    result = ParsedUpload()
    text = text.lstrip("\ufeff")
    if not text.strip():
        result.errors.append(_("Het bestand is leeg."))
        return result
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    if set(header) >= PEOPLE_COLUMNS:
        result.kind = "people"
    elif set(header) >= ADDRESS_COLUMNS:
        result.kind = "addresses"
    else:
        result.errors.append(
            _(
                "Regel 1: de kolomnamen kloppen niet. Gebruik de kolom 'bsn' voor personen, "
                "of de kolommen 'postcode' en 'huisnummer' voor adressen."
            )
        )
        return result
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            result.errors.append(
                _("Regel %(line)d: %(found)d kolommen, verwacht %(expected)d.")
                % {"line": line, "found": len(row), "expected": len(header)}
            )
            continue
        values = {h: v.strip() for h, v in zip(header, row, strict=True)}
        recipient = Recipient(
            line=line,
            bsn=values.get("bsn", ""),
            name=values.get("naam", ""),
            street=values.get("straat", ""),
            house_number=values.get("huisnummer", ""),
            postcode=values.get("postcode", "").upper(),
            city=values.get("woonplaats", ""),
        )
        if result.kind == "people":
            if not is_valid_bsn(recipient.bsn):
                result.errors.append(
                    _("Regel %(line)d: '%(value)s' is geen geldig BSN (9 cijfers).")
                    % {"line": line, "value": recipient.bsn}
                )
                continue
            key = recipient.bsn
        else:
            if not _POSTCODE.match(recipient.postcode):
                result.errors.append(
                    _("Regel %(line)d: '%(value)s' is geen postcode (zoals 7411 AB).")
                    % {"line": line, "value": recipient.postcode}
                )
                continue
            if not recipient.house_number:
                result.errors.append(
                    _("Regel %(line)d: het huisnummer ontbreekt.") % {"line": line}
                )
                continue
            key = f"{recipient.postcode.replace(' ', '')} {recipient.house_number.lower()}"
        if key in seen:
            result.errors.append(
                _("Regel %(line)d: staat al op regel %(first)d.")
                % {"line": line, "first": seen[key]}
            )
            continue
        seen[key] = line
        result.recipients.append(recipient)
    if not result.recipients and not result.errors:
        result.errors.append(_("Het bestand heeft geen regels met gegevens."))
    return result
