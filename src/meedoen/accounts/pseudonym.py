"""Keyed pseudonyms of BSNs.

A plain hash of a BSN can be reversed by hashing all 10^9 candidates; an HMAC with a secret
key cannot. The pseudonym recognises a returning resident without storing the BSN.
"""

import hashlib
import hmac
import re

from django.conf import settings

_BSN = re.compile(r"^\d{8,9}$")


def is_valid_bsn(bsn: str) -> bool:
    """The '11-proef' every real BSN passes (weights 9..2 and -1)."""
    if not _BSN.match(bsn or ""):
        return False
    digits = [int(d) for d in bsn.zfill(9)]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0 and bsn.zfill(9) != "000000000"


def bsn_pseudonym(bsn: str) -> str:
    key = settings.BSN_PSEUDONYM_KEY.encode()
    return hmac.new(key, bsn.zfill(9).encode(), hashlib.sha256).hexdigest()
