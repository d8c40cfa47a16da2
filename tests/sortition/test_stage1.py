from collections import Counter

from meedoen.sortition import Person, draw_invitations, verify_record


def population(addresses=300, per_address=3):
    return [
        Person(f"p{a:04d}-{j}", f"Straat {a}", 1940 + (a * 7 + j * 13) % 80, "v", "Noord")
        for a in range(addresses)
        for j in range(1 + a % per_address)
    ]


def test_reproducible_and_one_per_address():
    pop = population()
    a = draw_invitations(pop, 50, "42 17 8")
    b = draw_invitations(list(reversed(pop)), 50, " 42 17 8 ")
    assert [p.id for p in a.invited] == [p.id for p in b.invited]
    assert len({p.address for p in a.invited}) == 50
    assert draw_invitations(pop, 50, "42 17 9").invited != a.invited


def test_age_limit():
    pop = population()
    result = draw_invitations(pop, 100, "s", min_age=16, reference_year=2026)
    assert all(2026 - p.birth_year >= 16 for p in result.invited)
    assert result.eligible_people < len(pop)


def test_addresses_are_drawn_uniformly():
    pop = population(addresses=20, per_address=3)
    hits = Counter()
    for i in range(400):
        for p in draw_invitations(pop, 5, f"seed {i}").invited:
            hits[p.address] += 1
    expected = 400 * 5 / 20
    chi2 = sum((hits[f"Straat {a}"] - expected) ** 2 / expected for a in range(20))
    assert chi2 < 50  # df=19; fixed seeds, deterministic


def test_fewer_addresses_than_invitations():
    pop = population(addresses=5)
    assert len(draw_invitations(pop, 50, "s").invited) == 5


def test_verify_stage1_match_and_mismatch():
    pop = population()
    record = draw_invitations(pop, 30, "publiek zaad").to_record()
    assert verify_record(record, population=pop).ok
    tampered = dict(record, invited=record["invited"][:-1] + ["p0000-0"])
    result = verify_record(tampered, population=pop)
    assert not result.ok and "invitation list differs" in result.differences[0]
    other = pop[:-1]
    assert not verify_record(record, population=other).ok
