import random

import pytest

from meedoen.lotteries import services
from meedoen.lotteries.codes import response_code
from meedoen.lotteries.models import Panel

QUOTAS = [
    ("Leeftijd", "16-39", 1, 2),
    ("Leeftijd", "40+", 1, 2),
    ("Geslacht", "vrouw", 1, 2),
    ("Geslacht", "man", 1, 2),
]


def population_csv(people: int = 60, seed: int = 7) -> bytes:
    """A small synthetic population: some addresses have two or three residents."""
    rng = random.Random(seed)
    lines = ["id,address,birth_year,sex,district"]
    address = 0
    person = 0
    while person < people:
        address += 1
        for _ in range(min(rng.choice([1, 1, 2, 3]), people - person)):
            person += 1
            lines.append(
                f"P{person:04d},Straat {address} Deventer,{rng.randint(1940, 2008)},"
                f"{rng.choice('MV')},{rng.choice(['06', '07', '01'])}"
            )
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def admin(make_staff):
    return make_staff("administrator")


@pytest.fixture
def panel(db, admin):
    panel = Panel.objects.create(
        kind=Panel.Kind.BURGERBERAAD,
        title="Autoluwe binnenstad",
        slug="autoluwe-binnenstad",
        topic="Hoe maken we de binnenstad autoluw?",
        panel_size=3,
        invitation_count=12,
        is_public=True,
    )
    services.save_quotas(panel, QUOTAS, admin)
    return panel


@pytest.fixture
def invited_panel(panel, admin):
    services.import_population(panel, "bevolking.csv", population_csv(), admin)
    services.draw_stage1(panel, "12 7 33 41", admin)
    return panel


ANSWERS = [
    {"Leeftijd": "16-39", "Geslacht": "vrouw"},
    {"Leeftijd": "40+", "Geslacht": "man"},
    {"Leeftijd": "40+", "Geslacht": "vrouw"},
    {"Leeftijd": "16-39", "Geslacht": "man"},
    {"Leeftijd": "40+", "Geslacht": "man"},
    {"Leeftijd": "16-39", "Geslacht": "vrouw"},
]


def register_all(panel, answers=ANSWERS):
    invitations = list(panel.invitations.order_by("draw_position")[: len(answers)])
    for invitation, features in zip(invitations, answers, strict=True):
        services.register(
            invitation,
            {
                "features": features,
                "first_name": f"Naam{invitation.draw_position}",
                "email": f"p{invitation.draw_position}@example.org",
            },
        )
    return invitations


def code_of(invitation):
    return response_code(invitation.panel_id, invitation.person_id)
