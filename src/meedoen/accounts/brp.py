"""Looking a resident up in the BRP, behind one small interface.

Production talks to the Haal Centraal BRP Personen API v2 and asks only for the two fields we
need (postcode, birth date), with the purpose and processing headers the API's logging
(protocollering) requires. Development and tests use :class:`FakeBRPClient`, a list of test
persons, so the login can be tried with any of them.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

import requests
from django.conf import settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BRPPerson:
    postcode: str
    birth_year: int | None


class BRPError(Exception):
    """The BRP could not be asked; the login should tell the resident to try again later."""


class BRPClient(Protocol):
    def lookup(self, bsn: str) -> BRPPerson | None: ...


def normalise_postcode(postcode: str) -> str:
    return "".join(postcode.split()).upper()


class HaalCentraalBRPClient:
    FIELDS = ["geboorte.datum", "verblijfplaats.verblijfadres.postcode"]

    def __init__(self, base_url: str, api_key: str, *, session=None, timeout: float = 10.0):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.session = session or requests.Session()
        self.timeout = timeout

    def headers(self) -> dict[str, str]:
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "X-API-KEY": self.api_key,
            "x-doelbinding": settings.BRP_PURPOSE,
            "x-verwerking": settings.BRP_PROCESSING,
            "x-gebruiker": "meedoen",
        }
        if settings.BRP_ORIGIN_OIN:
            headers["x-origin-oin"] = settings.BRP_ORIGIN_OIN
        return headers

    def lookup(self, bsn: str) -> BRPPerson | None:
        body = {
            "type": "RaadpleegMetBurgerservicenummer",
            "burgerservicenummer": [bsn],
            "fields": self.FIELDS,
        }
        try:
            response = self.session.post(
                f"{self.base_url}/personen", json=body, headers=self.headers(), timeout=self.timeout
            )
            response.raise_for_status()
            people = response.json().get("personen", [])
        except (requests.RequestException, ValueError) as exc:
            logger.warning("BRP lookup failed: %s", type(exc).__name__)
            raise BRPError(str(exc)) from exc
        if not people:
            return None
        person = people[0]
        birth = (person.get("geboorte") or {}).get("datum") or {}
        year = birth.get("jaar")
        if year is None and birth.get("datum"):
            year = int(birth["datum"][:4])
        address = (person.get("verblijfplaats") or {}).get("verblijfadres") or {}
        return BRPPerson(
            postcode=normalise_postcode(address.get("postcode", "")),
            birth_year=int(year) if year else None,
        )


@dataclass(frozen=True)
class TestPerson:
    bsn: str
    name: str
    postcode: str
    birth_date: str


@cache
def test_persons() -> tuple[TestPerson, ...]:
    path = Path(__file__).parent / "data" / "test_persons.json"
    return tuple(TestPerson(**row) for row in json.loads(path.read_text(encoding="utf-8")))


class FakeBRPClient:
    def lookup(self, bsn: str) -> BRPPerson | None:
        for person in test_persons():
            if person.bsn == bsn:
                return BRPPerson(
                    postcode=normalise_postcode(person.postcode),
                    birth_year=int(person.birth_date[:4]),
                )
        return None


def brp_client() -> BRPClient:
    if settings.BRP_API_URL:
        return HaalCentraalBRPClient(settings.BRP_API_URL, settings.BRP_API_KEY)
    if settings.MOCK_DIGID_ENABLED:
        return FakeBRPClient()
    raise BRPError("No BRP configured: set MEEDOEN_BRP_API_URL.")
