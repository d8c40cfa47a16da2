"""Demo data: five Deventer primary schools, 40 applications, a drawn council of nine and a
finished child mayor election with voting codes and counted votes. Idempotent."""

import random

from django.db import transaction

from meedoen.districts.models import District
from meedoen.kinderraad import services
from meedoen.kinderraad.models import Application, Council, Election, School

SCHOOLS = [
    ("Basisschool De Boomgaard", "06", "juf Marieke"),
    ("Het Kompas", "07", "meester Joost"),
    ("De Hofstede", "01", "juf Samira"),
    ("Sint Jozefschool", "09", "meester Koen"),
    ("Dorpsschool Bathmen", "15", "juf Ellen"),
]
FIRST_NAMES = [
    "Sem",
    "Noor",
    "Daan",
    "Fleur",
    "Liam",
    "Julia",
    "Finn",
    "Tess",
    "Milan",
    "Sara",
    "Adam",
    "Yara",
    "Levi",
    "Lotte",
    "Mees",
    "Zoë",
    "Bram",
    "Nina",
    "Ayoub",
    "Evi",
    "Jesse",
    "Roos",
    "Luuk",
    "Amira",
    "Thijs",
    "Lieke",
    "Mohammed",
    "Femke",
    "Gijs",
    "Hanna",
    "Stijn",
    "Isa",
    "Ruben",
    "Maud",
    "Yusuf",
    "Elin",
    "Jayden",
    "Lina",
    "Teun",
    "Saar",
]
SLUG = "kinderraad-2026-2027"
SEED = "12-7-30-4-18"


@transaction.atomic
def load(stdout) -> None:
    rng = random.Random(2026)  # fixed, so the demo is the same every time
    schools = []
    for name, number, contact in SCHOOLS:
        school, _ = School.objects.get_or_create(
            name=name,
            defaults={
                "district": District.objects.get(number=number),
                "contact_name": contact,
                "contact_email": "kinderraad@school.example",
            },
        )
        schools.append(school)
    council, _ = Council.objects.get_or_create(
        slug=SLUG,
        defaults={"title": "Kinderraad Deventer 2026-2027", "school_year": "2026-2027", "size": 9},
    )
    if not council.applications.exists():
        for index, first_name in enumerate(FIRST_NAMES):
            school = schools[index % len(schools)]
            grade = 6 + index % 3
            Application.objects.create(
                council=council,
                school=school,
                first_name=first_name,
                grade=grade,
                age=grade + 3 + rng.choice([0, 0, 1]) - 1,
                # Most children live in the school's district; some come from elsewhere.
                district=school.district
                if rng.random() < 0.8
                else schools[(index + 1) % 5].district,
                parental_consent=True,
            )
        for school in schools:
            council.quotas.create(school=school, min=1, max=3)
        council.quotas.create(district=District.objects.get(number="15"), min=1, max=2)
    if not council.is_drawn:
        services.draw_council(None, council, SEED)
        council.refresh_from_db()
    election = Election.objects.get(council=council)
    if election.status == Election.Status.PREPARING:
        members = list(council.applications.filter(selected=True))
        election = services.open_election(None, election, Election.Method.INSTANT_RUNOFF, members)
        candidate_ids = [m.pk for m in members]
        for school in schools:
            plain = services.generate_codes(None, election, school, 30)
            for code in plain[:18]:  # not every child votes
                ranking = rng.sample(candidate_ids, 3)
                # Children vote a little more for someone from their own school.
                own = [m.pk for m in members if m.school_id == school.pk]
                if own and rng.random() < 0.5:
                    ranking = [own[0]] + [pk for pk in ranking if pk != own[0]][:2]
                services.cast_vote(election, code, ranking)
        services.close_election(None, election)
    election.refresh_from_db()
    stdout.write(
        f"Kinderraad: {council.applications.count()} applications, council of {council.size} "
        f"drawn with seed {council.seed}; child mayor: "
        f"{election.winner.first_name if election.winner else '-'}."
    )
