"""Voting codes (stemcodes): making them, hashing them, reading the upload they are made for.

A code is 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L), printed in three
groups of four: 31^12 ≈ 2^59 possibilities, far too many to guess. The database keeps only an
HMAC of the code with a key derived from SECRET_KEY, so a copy of the database alone cannot be
used to vote or to print the letters again. (Rotating SECRET_KEY during a round therefore
invalidates the round's codes.)
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import re
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from meedoen.accounts.pseudonym import is_valid_bsn

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
GROUP = 4


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def normalise(code: str) -> str:
    """What a person typed, without spaces or dashes, in capitals."""
    return re.sub(r"[\s\-]", "", code or "").upper()


def _key(purpose: str) -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), purpose.encode(), hashlib.sha256).digest()


def code_hash(code: str) -> str:
    return hmac.new(
        _key("meedoen.voting.code"), normalise(code).encode(), hashlib.sha256
    ).hexdigest()


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
