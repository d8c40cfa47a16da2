import hashlib

from meedoen.sortition.rng import SeededStream, normalise_seed


def test_stream_is_documented_sha256_counter_mode():
    stream = SeededStream(" 12 34 ", "label")
    expected = hashlib.sha256(
        b"meedoen-sortition-v1\x0012 34\x00label\x00" + (0).to_bytes(8, "big")
    ).digest()
    assert stream.read(32) == expected


def test_known_vector_is_stable():
    # Frozen: changing these values would break every published draw.
    stream = SeededStream("burgerberaad 2026", "test")
    assert [stream.randbelow(1000) for _ in range(5)] == [484, 215, 785, 456, 972]
    assert SeededStream("burgerberaad 2026", "test").sample(list("abcdefgh"), 3) == ["f", "a", "c"]


def test_seed_normalisation():
    assert normalise_seed("  e\u0301 ") == "\u00e9"
    assert SeededStream("é", "x").read(8) == SeededStream("e\u0301", "x").read(8)


def test_labels_are_independent():
    assert SeededStream("s", "a").read(16) != SeededStream("s", "b").read(16)


def test_randbelow_range_and_rough_uniformity():
    stream = SeededStream("fixed", "uniformity")
    counts = [0] * 6
    for _ in range(6000):
        counts[stream.randbelow(6)] += 1
    chi2 = sum((c - 1000) ** 2 / 1000 for c in counts)
    assert chi2 < 25  # df=5; fixed seed, so this never flakes


def test_sample_is_partial_fisher_yates():
    items = list(range(10))
    assert sorted(SeededStream("s", "x").sample(items, 10)) == items
    assert len(set(SeededStream("s", "x").sample(items, 4))) == 4
    assert SeededStream("s", "x").sample(items, 4) == SeededStream("s", "x").sample(items, 4)
