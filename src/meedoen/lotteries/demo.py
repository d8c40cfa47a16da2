"""Demo data of the lotteries: a finished burgerberaad and a co-owners' meeting in registration.

The population is synthetic (fixed seed): about 3,000 people spread over Deventer's districts
and villages like the real city, with a realistic age and sex distribution. Running this twice
changes nothing: every part is skipped when it is already there.
"""

from __future__ import annotations

import random
from datetime import date

from meedoen.lotteries import services
from meedoen.lotteries.models import Panel, ShareRegister
from meedoen.lotteries.selectors import age_band

SEED = 20260112
# District number -> (share of the population, streets)
DISTRICTS = {
    "01": (0.05, ["Brink", "Lange Bisschopstraat", "Walstraat", "Bergstraat"]),
    "02": (0.03, ["Hovenlaan", "Rijksstraatweg", "Sluisweg"]),
    "03": (0.09, ["Zandweerdlaan", "Pluvierstraat", "Oerdijk"]),
    "04": (0.08, ["Zwolseweg", "Snipperlingsdijk", "Tesselschadestraat"]),
    "05": (0.09, ["Rembrandtlaan", "Platvoetlaan", "Borgelerhof"]),
    "06": (0.10, ["Kaartenmakerstraat", "Roggestraat", "Keizerslanden"]),
    "07": (0.09, ["Amstelstraat", "Rijnstraat", "Bergweidedijk"]),
    "08": (0.11, ["Colmschaterstraatweg", "Hunneperweg", "Oostriklaan"]),
    "09": (0.07, ["Vijfhoek", "Cornelis Lelylaan", "Ganzenmarkt"]),
    "10": (0.10, ["Holterweg", "Oxersingel", "Bieschotsweg"]),
    "11": (0.06, ["Diepenveenseweg", "Dorpsstraat Diepenveen"]),
    "12": (0.06, ["Raalterweg", "Schalkhaarderstraat"]),
    "13": (0.01, ["Okkenbroekerdijk"]),
    "14": (0.02, ["Letteleweg", "Oerdijk Lettele"]),
    "15": (0.05, ["Bathmenseweg", "Dorpsstraat Bathmen"]),
}
VILLAGES = {"11", "12", "13", "14", "15"}
# Age bands of the whole population (0 .. 95) with their shares.
AGE_SHARES = [
    ((0, 15), 0.17),
    ((16, 24), 0.11),
    ((25, 39), 0.18),
    ((40, 54), 0.19),
    ((55, 69), 0.20),
    ((70, 95), 0.15),
]
REFERENCE = date(2026, 1, 1)


def synthetic_population(people: int = 3000, seed: int = SEED) -> bytes:
    rng = random.Random(seed)
    numbers = list(DISTRICTS)
    weights = [DISTRICTS[n][0] for n in numbers]
    lines = ["id,address,birth_year,sex,district"]
    person = 0
    house = 0
    while person < people:
        house += 1
        district = rng.choices(numbers, weights)[0]
        street = rng.choice(DISTRICTS[district][1])
        address = f"{street} {rng.randint(1, 180)}-{house}"
        for _ in range(
            min(rng.choices([1, 2, 3, 4], [0.38, 0.34, 0.13, 0.15])[0], people - person)
        ):
            person += 1
            (low, high), _share = rng.choices(AGE_SHARES, [s for _b, s in AGE_SHARES])[0]
            birth_year = REFERENCE.year - rng.randint(low, high)
            lines.append(f"D{person:05d},{address},{birth_year},{rng.choice('MV')},{district}")
    return ("\n".join(lines) + "\n").encode()


BURGERBERAAD_QUOTAS = [
    ("Leeftijd", "16-24", 2, 4),
    ("Leeftijd", "25-39", 4, 6),
    ("Leeftijd", "40-54", 4, 6),
    ("Leeftijd", "55-69", 4, 6),
    ("Leeftijd", "70+", 3, 5),
    ("Geslacht", "vrouw", 11, 13),
    ("Geslacht", "man", 11, 13),
    ("Woonplek", "binnenstad", 2, 4),
    ("Woonplek", "andere wijk", 14, 18),
    ("Woonplek", "dorp", 3, 6),
    ("Opleiding", "laag", 5, 9),
    ("Opleiding", "middel", 7, 11),
    ("Opleiding", "hoog", 6, 10),
]


def _answers(invitation, rng) -> dict:
    band = age_band(REFERENCE.year - invitation.birth_year) or "16-24"
    place = (
        "binnenstad"
        if invitation.district == "01"
        else "dorp"
        if invitation.district in VILLAGES
        else "andere wijk"
    )
    return {
        "Leeftijd": band,
        # The share register has no sex: then the answer is the person's own (self-reported).
        "Geslacht": {"V": "vrouw", "M": "man"}.get(invitation.sex) or rng.choice(["vrouw", "man"]),
        "Woonplek": place,
        "Opleiding": rng.choices(["laag", "middel", "hoog"], [0.25, 0.35, 0.40])[0],
    }


def _register_some(panel, share: float, rng) -> int:
    count = 0
    names = [
        "Anna",
        "Mehmet",
        "Sanne",
        "Joost",
        "Fatima",
        "Henk",
        "Lotte",
        "Yusuf",
        "Ingrid",
        "Daan",
    ]
    for invitation in panel.invitations.order_by("draw_position"):
        if rng.random() >= share:
            continue
        answers = _answers(invitation, rng)
        if "Opleiding" not in panel.categories:
            answers.pop("Opleiding")
        if "Woonplek" not in panel.categories:
            answers.pop("Woonplek")
        services.register(
            invitation,
            {
                "features": answers,
                "first_name": rng.choice(names) if rng.random() < 0.7 else "",
                "email": f"deelnemer{invitation.draw_position}@example.org",
            },
        )
        count += 1
    return count


def load(stdout) -> None:
    rng = random.Random(SEED)
    population = synthetic_population()
    if not Panel.objects.filter(slug="binnenstad-autoluw").exists():
        panel = Panel.objects.create(
            kind=Panel.Kind.BURGERBERAAD,
            title="Burgerberaad: hoe maken we de binnenstad autoluw?",
            slug="binnenstad-autoluw",
            topic=(
                "Minder auto's in de binnenstad maakt de straten veiliger en stiller. Maar "
                "bewoners, winkels en bezoekers moeten er wel kunnen komen. Hoe maken we de "
                "binnenstad autoluw op een manier die voor iedereen werkt?"
            ),
            place="Stadhuis Deventer, Grote Kerkhof 4",
            starts_on=date(2026, 3, 7),
            ends_on=date(2026, 5, 30),
            panel_size=24,
            invitation_count=500,
            respond_by=date(2026, 2, 15),
            allowance="€ 50 per bijeenkomst",
            show_first_names=True,
            is_public=True,
        )
        services.save_quotas(panel, BURGERBERAAD_QUOTAS, None)
        services.import_population(panel, "brp-selectie-deventer.csv", population, None)
        services.draw_stage1(panel, "7 21 33 40 45 48 (Brink, 12 januari 2026)", None)
        registered = _register_some(panel, 0.3, rng)
        services.draw_stage2(panel, "3 9 14 27 36 (stadhuis, 20 februari 2026)", None)
        panel.outcome_text = (
            "Het burgerberaad adviseert de binnenstad stap voor stap autoluw te maken: eerst de "
            "Brink en de Lange Bisschopstraat, met laad- en lostijden voor winkels, goede "
            "fietsenstallingen en een pendelbus vanaf de parkeerplaatsen aan de rand. Bewoners "
            "met een beperking houden een ontheffing."
        )
        panel.save()
        stdout.write(f"Lotteries: burgerberaad drawn ({registered} respondents).")
    if not ShareRegister.objects.exists():
        services.import_share_register("brp-16plus.csv", population, REFERENCE, None)
        stdout.write("Lotteries: share register loaded.")
    if not Panel.objects.filter(slug="mede-eigenaren-rijnkade").exists():
        meeting = Panel.objects.create(
            kind=Panel.Kind.COOWNERS,
            title="Mede-eigenarenbijeenkomst: wat doen we met de Rijnkade?",
            slug="mede-eigenaren-rijnkade",
            topic=(
                "De Rijnkade langs de IJssel wordt opnieuw ingericht. Als mede-eigenaar van de "
                "stad denkt u mee: meer groen, een plek om te zitten, of ruimte voor evenementen?"
            ),
            place="Stadhuis Deventer",
            starts_on=date(2026, 6, 13),
            panel_size=12,
            invitation_count=150,
            respond_by=date(2026, 5, 31),
            allowance="een dividendbon van € 25",
            is_public=True,
        )
        services.save_quotas(
            meeting,
            [
                ("Leeftijd", "16-24", 1, 3),
                ("Leeftijd", "25-39", 2, 4),
                ("Leeftijd", "40-54", 2, 4),
                ("Leeftijd", "55-69", 2, 4),
                ("Leeftijd", "70+", 1, 3),
                ("Geslacht", "vrouw", 5, 7),
                ("Geslacht", "man", 5, 7),
            ],
            None,
        )
        services.draw_stage1(meeting, "4 18 22 31 (Brink, 1 mei 2026)", None)
        _register_some(meeting, 0.15, rng)
        stdout.write("Lotteries: co-owners' meeting open for registration.")
