"""Codes printed on paper: voting codes, dividend vouchers, children's voting slips.

One scheme for every code a person types from a letter or a slip.

A code is 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L), so 60 random
bits: guessing one is hopeless. Only a keyed hash (HMAC-SHA256) is stored, so a copy of the
database does not reveal a usable code.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 12


def new_code(length: int = LENGTH) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise(typed: str) -> str:
    """What a person typed, as a code: case, spaces and dashes do not matter."""
    return "".join(ch for ch in (typed or "").upper() if ch.isalnum())


def formatted(code: str) -> str:
    """ABCD-EFGH-JKMN: groups of four are easier to copy."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def _key() -> bytes:
    # A key of its own if configured; else the pseudonym key (not SECRET_KEY, so rotating the
    # session key does not void every printed voucher). The purpose separates the domains.
    key = getattr(settings, "MEEDOEN_CODE_KEY", "") or settings.BSN_PSEUDONYM_KEY
    return key.encode()


def code_hash(code: str, purpose: str) -> str:
    """The keyed hash stored instead of the code; ``purpose`` keeps the kinds of code apart."""
    message = f"{purpose}\x00{normalise(code)}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def looks_like_a_code(typed: str, length: int = LENGTH) -> bool:
    code = normalise(typed)
    return len(code) == length and all(ch in ALPHABET for ch in code)


def lookalike_hint(typed: str) -> bool:
    """True if the typed text holds a 0, 1, O, I or L: characters no code contains."""
    return any(ch in "01OIL" for ch in normalise(typed))
