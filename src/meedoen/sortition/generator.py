"""Realistic synthetic stage-2 instances, for tests and benchmarks.

The published real instances of Flanigan et al. are private; ``sf_e`` has n = 1727,
k = 110 and 7 categories with a leximin minimum of 2.6 %.  :func:`generate_instance`
builds pools of that shape with a fixed seed:

* a latent "civic engagement" factor per person drives self-selection, as in real pools:
  respondents are more often highly educated, older and concerned about the topic;
* features are correlated (age with education, district with urbanity, migration
  background with district), drawn from logits that mix the latent factor and other
  features;
* quotas are tight bands around *population* shares (not pool shares), +-1 seat for most
  values, so groups that are rare in the pool are hard to fill and common groups get low
  selection probabilities;
* a share of respondents live in two-person households (same district and urbanity).

Everything uses ``numpy.random.default_rng(seed)``: fine for synthetic benchmark data
(nothing here is a lottery draw).
"""

from __future__ import annotations

import numpy as np

from .model import Quota, Respondent

# category -> (values, population shares, pool shares, loading on the latent factor)
CATEGORIES: dict[str, tuple[list[str], list[float], list[float], list[float]]] = {
    "gender": (
        ["female", "male", "other"],
        [0.505, 0.485, 0.01],
        [0.53, 0.46, 0.01],
        [0.0, 0.1, 0.0],
    ),
    "age": (
        ["16-24", "25-39", "40-54", "55-69", "70+"],
        [0.13, 0.24, 0.24, 0.23, 0.16],
        [0.08, 0.18, 0.23, 0.29, 0.22],
        [-0.5, -0.2, 0.0, 0.3, 0.3],
    ),
    "education": (
        ["low", "middle", "high"],
        [0.30, 0.40, 0.30],
        [0.16, 0.36, 0.48],
        [-0.6, 0.0, 0.6],
    ),
    "district": (
        ["centrum", "noord", "oost", "zuid", "west"],
        [0.22, 0.20, 0.21, 0.19, 0.18],
        [0.26, 0.18, 0.21, 0.20, 0.15],
        [0.2, -0.1, 0.0, 0.1, -0.2],
    ),
    "urbanity": (["city", "village"], [0.72, 0.28], [0.70, 0.30], [0.0, 0.1]),
    "migration": (
        ["none", "western", "non-western"],
        [0.74, 0.11, 0.15],
        [0.83, 0.10, 0.07],
        [0.3, 0.0, -0.5],
    ),
    "concern": (
        ["low", "medium", "high"],
        [0.30, 0.40, 0.30],
        [0.18, 0.37, 0.45],
        [-0.5, 0.0, 0.5],
    ),
}


def _draw(rng: np.random.Generator, logits: np.ndarray) -> int:
    p = np.exp(logits - logits.max())
    return int(rng.choice(len(p), p=p / p.sum()))


def generate_instance(
    n: int = 1727,
    k: int = 110,
    *,
    seed: int = 5,
    household_share: float = 0.08,
    band: int = 1,
) -> tuple[list[Respondent], list[Quota]]:
    """An sf_e-like pool of ``n`` respondents and quotas for a panel of ``k``."""
    rng = np.random.default_rng(seed)
    people: list[dict[str, str]] = []
    households: list[str | None] = []
    hh_counter = 0
    while len(people) < n:
        u = rng.normal()
        f: dict[str, str] = {}
        for name, (values, _population, pool, loading) in CATEGORIES.items():
            logits = np.log(pool) + u * np.array(loading)
            if name == "education":  # the old are less often highly educated
                age_idx = ["16-24", "25-39", "40-54", "55-69", "70+"].index(f["age"])
                logits += np.array([0.25, 0.0, -0.25]) * (age_idx - 2)
            if name == "urbanity":
                logits += np.array([0.0, 1.2]) * (f["district"] in ("noord", "west"))
            if name == "migration":
                logits += np.array([0.0, 0.0, 0.9]) * (f["district"] in ("centrum", "zuid"))
            f[name] = values[_draw(rng, logits)]
        people.append(f)
        households.append(None)
        if rng.random() < household_share and len(people) < n:
            hh_counter += 1
            mate = dict(f)
            mate["gender"] = "male" if f["gender"] == "female" else "female"
            for name in ("age", "education", "concern"):
                values, _population, pool, loading = CATEGORIES[name]
                mate[name] = values[_draw(rng, np.log(pool) + u * np.array(loading) * 0.5)]
            people.append(mate)
            households[-1] = f"h{hh_counter}"
            households.append(f"h{hh_counter}")
    respondents = [Respondent(f"p{i + 1:05d}", people[i], households[i]) for i in range(n)]
    quotas = []
    for name, (values, shares, _pool, _loading) in CATEGORIES.items():
        in_pool = {v: sum(1 for p in people if p[name] == v) for v in values}
        for v, s in zip(values, shares, strict=True):
            target = s * k
            lo = max(0, int(np.floor(target)) - band + 1)
            hi = int(np.ceil(target)) + band
            lo = min(lo, in_pool[v])
            quotas.append(Quota(name, v, lo, max(lo, hi)))
    return respondents, quotas
