"""Builders for kinderraad tests (plain functions so permission cases can use them too)."""

from meedoen.kinderraad import services
from meedoen.kinderraad.models import Application, Council, School
from tests.factories import district

NAMES = ["Sem", "Noor", "Daan", "Fleur", "Liam", "Julia", "Finn", "Tess", "Milan", "Sara"]
SCHOOLS = [
    ("De Boomgaard", "06"),
    ("Het Kompas", "07"),
    ("De Hofstede", "01"),
    ("Sint Jozef", "06"),
]


def make_council(slug="kinderraad-test", size=4, per_school=(3, 3, 2, 2), quotas=()):
    council, _ = Council.objects.get_or_create(
        slug=slug,
        defaults={"title": "Kinderraad 2026-2027", "school_year": "2026-2027", "size": size},
    )
    schools = []
    for (name, number), count in zip(SCHOOLS, per_school, strict=False):
        school, _ = School.objects.get_or_create(
            name=name,
            defaults={
                "district": district(number),
                "contact_name": "Juf Anna",
                "contact_email": "juf@school.example",
            },
        )
        schools.append(school)
        for i in range(count):
            Application.objects.create(
                council=council,
                school=school,
                first_name=NAMES[(len(schools) * 3 + i) % len(NAMES)],
                grade=6 + i % 3,
                age=9 + i % 3,
                district=school.district,
                parental_consent=True,
            )
    for school_index, low, high in quotas:
        council.quotas.create(school=schools[school_index], min=low, max=high)
    return council, schools


def drawn_council(slug="kinderraad-test", seed="4-2-6", **kwargs):
    council, schools = make_council(slug, **kwargs)
    services.draw_council(None, council, seed)
    council.refresh_from_db()
    return council, schools


def open_election(council, method="instant_runoff"):
    election = council.election
    members = list(council.applications.filter(selected=True))
    return services.open_election(None, election, method, members)
