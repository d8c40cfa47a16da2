"""Verifiable, platform-independent random numbers for the lottery.

Why not ``random`` or ``numpy.random``: their streams may change between versions and they
are hard to re-implement from a description.  A published draw must be reproducible by
anyone, in any language, from the seed alone.  The generator is therefore specified here
completely and uses nothing but SHA-256:

* The seed is a string typed in by a person (e.g. numbers drawn at a public event).  It is
  normalised with Unicode NFC and stripped of surrounding whitespace, then UTF-8 encoded.
* Every random step has a *label* (e.g. ``"stage1/addresses"``) so that steps do not share
  random numbers and adding a step never changes another step's outcome.
* Block ``i`` (i = 0, 1, 2, ...) of the stream is
  ``SHA-256(b"meedoen-sortition-v1" 0x00 seed 0x00 label 0x00 i as 8-byte big-endian)``.
  The blocks are concatenated into one byte stream, consumed front to back.
* ``randbelow(n)`` (uniform on ``0 .. n-1``) takes ``ceil(b / 8)`` bytes, with ``b`` the bit
  length of ``n - 1``, reads them as a big-endian integer, keeps the low ``b`` bits and
  rejects values ``>= n`` (rejection sampling, so no modulo bias).  ``randbelow(1)`` is ``0``
  and consumes nothing.
* ``sample(seq, m)`` is a partial Fisher-Yates shuffle on a copy of ``seq``: for
  ``i = 0 .. m-1`` swap position ``i`` with ``i + randbelow(len - i)``; the first ``m``
  items, in that order, are the sample (the draw order).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

DOMAIN = b"meedoen-sortition-v1"
ALGORITHM = "sha256-counter-v1"


def normalise_seed(seed: str) -> str:
    """The canonical form of a typed-in seed (NFC, surrounding whitespace removed)."""
    if not isinstance(seed, str):
        raise TypeError("seed must be a string")
    return unicodedata.normalize("NFC", seed).strip()


class SeededStream:
    """A deterministic byte stream for one (seed, label) pair; see the module docstring."""

    def __init__(self, seed: str, label: str) -> None:
        self.seed = normalise_seed(seed)
        self.label = label
        self._prefix = (
            DOMAIN + b"\x00" + self.seed.encode("utf-8") + b"\x00" + label.encode("utf-8") + b"\x00"
        )
        self._counter = 0
        self._buffer = b""

    def read(self, nbytes: int) -> bytes:
        while len(self._buffer) < nbytes:
            block = hashlib.sha256(self._prefix + self._counter.to_bytes(8, "big")).digest()
            self._buffer += block
            self._counter += 1
        out, self._buffer = self._buffer[:nbytes], self._buffer[nbytes:]
        return out

    def randbelow(self, n: int) -> int:
        """A uniform integer in ``0 .. n-1`` by rejection sampling."""
        if n <= 0:
            raise ValueError("randbelow needs n >= 1")
        if n == 1:
            return 0
        bits = (n - 1).bit_length()
        nbytes = (bits + 7) // 8
        mask = (1 << bits) - 1
        while True:
            value = int.from_bytes(self.read(nbytes), "big") & mask
            if value < n:
                return value

    def sample(self, items: Sequence[T], m: int) -> list[T]:
        """``m`` distinct items uniformly at random, in draw order (partial Fisher-Yates)."""
        pool = list(items)
        if not 0 <= m <= len(pool):
            raise ValueError("sample size out of range")
        for i in range(m):
            j = i + self.randbelow(len(pool) - i)
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:m]

    def choice(self, items: Sequence[T]) -> T:
        return items[self.randbelow(len(items))]
