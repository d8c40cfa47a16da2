"""Stage 1: draw the invitations from the population file.

At most one invitation per address, and every address has the same chance: addresses are
drawn first (uniformly, without replacement), then one eligible person per drawn address
(uniformly).  So a person's chance is (addresses drawn / addresses) / (eligible people at
the address); this is the practice of Dutch citizens' assemblies and avoids inviting two
people from one household.

Reproducible exactly: eligible people are grouped by address, addresses are sorted by their
text (Python string order = Unicode code point order), people within an address by id, and
the draw uses :mod:`meedoen.sortition.rng` with the labels ``stage1/addresses`` and
``stage1/person/<address>``.  Age: someone counts as aged ``reference_year - birth_year``
(the age reached in the reference year); people without a birth year are left out when an
age limit is set.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from .errors import SortitionInputError
from .model import Person
from .rng import ALGORITHM, SeededStream, normalise_seed

STAGE1_ALGORITHM = f"stage1-address-then-person/{ALGORITHM}"


def population_digest(population: Sequence[Person]) -> str:
    """A SHA-256 over the (sorted) id/address/birth_year rows: detects a changed population."""
    h = hashlib.sha256()
    for p in sorted(population, key=lambda p: p.id):
        h.update(f"{p.id}\x1f{p.address}\x1f{p.birth_year or ''}\x1e".encode())
    return h.hexdigest()


@dataclass
class Stage1Result:
    invited: list[Person]
    seed: str
    algorithm: str
    n_requested: int
    min_age: int | None
    reference_year: int | None
    eligible_people: int
    eligible_addresses: int
    population_sha256: str

    def to_record(self) -> dict:
        """A JSON-ready record from which :func:`verify_record` can redo the draw."""
        return {
            "stage": 1,
            "algorithm": self.algorithm,
            "seed": self.seed,
            "invitations": self.n_requested,
            "min_age": self.min_age,
            "reference_year": self.reference_year,
            "eligible_people": self.eligible_people,
            "eligible_addresses": self.eligible_addresses,
            "population_sha256": self.population_sha256,
            "invited": [p.id for p in self.invited],
        }


def draw_invitations(
    population: Sequence[Person],
    n: int,
    seed: str,
    *,
    min_age: int | None = None,
    reference_year: int | None = None,
) -> Stage1Result:
    """Draw ``n`` invitations (fewer if there are fewer eligible addresses), in draw order."""
    if n < 0:
        raise SortitionInputError("number of invitations must not be negative")
    if min_age is not None and reference_year is None:
        raise SortitionInputError("min_age needs a reference_year")
    seed = normalise_seed(seed)
    if not seed:
        raise SortitionInputError("seed must not be empty")
    by_address: dict[str, list[Person]] = {}
    for p in population:
        if min_age is not None and (
            p.birth_year is None or reference_year - p.birth_year < min_age
        ):
            continue
        by_address.setdefault(p.address, []).append(p)
    addresses = sorted(by_address)
    chosen = SeededStream(seed, "stage1/addresses").sample(addresses, min(n, len(addresses)))
    invited = []
    for address in chosen:
        people = sorted(by_address[address], key=lambda p: p.id)
        invited.append(SeededStream(seed, f"stage1/person/{address}").choice(people))
    return Stage1Result(
        invited=invited,
        seed=seed,
        algorithm=STAGE1_ALGORITHM,
        n_requested=n,
        min_age=min_age,
        reference_year=reference_year,
        eligible_people=sum(len(v) for v in by_address.values()),
        eligible_addresses=len(addresses),
        population_sha256=population_digest(population),
    )
