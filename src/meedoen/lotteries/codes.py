"""Personal response codes for invitation letters.

A code is derived from a server key and the invitation (HMAC), so letters can be printed again
at any time, while the database keeps only a SHA-256 of the code: a copy of the database alone
does not let anyone register in another person's name.
"""

from __future__ import annotations

import hashlib

from django.utils.crypto import salted_hmac

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: easy to type from paper
LENGTH = 10


def response_code(panel_id: int, person_id: str) -> str:
    digest = salted_hmac(
        "meedoen.lotteries.response-code", f"{panel_id}:{person_id}", algorithm="sha256"
    ).digest()
    number = int.from_bytes(digest, "big")
    chars = []
    for _ in range(LENGTH):
        number, index = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[index])
    code = "".join(chars)
    return f"{code[:5]}-{code[5:]}"


def normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def looks_like_a_code(code: str) -> bool:
    text = normalise(code)
    return len(text) == LENGTH and all(ch in ALPHABET for ch in text)
