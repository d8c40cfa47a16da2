"""Drawing the children's council: quotas hold in every possible panel, seeded and recorded."""

import pytest
from django.urls import reverse

from meedoen.audit.models import AuditEvent
from meedoen.kinderraad import services
from meedoen.kinderraad.models import Application
from meedoen.sortition.distribution import find_distribution
from meedoen.sortition.draw import sample_panel
from tests.kinderraad.helpers import drawn_council, make_council

pytestmark = pytest.mark.django_db


def test_school_and_district_quotas_hold_in_every_panel_of_the_distribution():
    # Schools 0 and 3 are both in Keizerslanden (06); at most 2 seats for that district.
    council, schools = make_council(size=5, per_school=(4, 4, 3, 4), quotas=[(0, 1, 1), (1, 2, 2)])
    council.quotas.create(district=schools[0].district, min=1, max=2)
    respondents, quotas = services.respondents_and_quotas(council)
    distribution = find_distribution(respondents, quotas, council.size, algorithm="leximin")
    school_of = {str(a.pk): a.school_id for a in Application.objects.all()}
    district_of = {
        str(a.pk): a.district.number for a in Application.objects.select_related("district")
    }
    assert distribution.panels
    for panel, weight in zip(distribution.panels, distribution.weights, strict=True):
        if weight <= 0:
            continue
        assert len(panel) == 5
        assert sum(school_of[p] == schools[0].pk for p in panel) == 1
        assert sum(school_of[p] == schools[1].pk for p in panel) == 2
        assert 1 <= sum(district_of[p] == "06" for p in panel) <= 2
    # Fairness: within one school (same district) every child has the same chance.
    chances = distribution.probabilities
    first_school = [pk for pk, school in school_of.items() if school == schools[0].pk]
    assert max(chances[p] for p in first_school) - min(chances[p] for p in first_school) < 1e-6


def test_draw_marks_the_council_keeps_a_verifiable_record_and_is_audited():
    council, _schools = drawn_council(size=4, quotas=[(2, 1, 2)])
    members = list(council.applications.filter(selected=True))
    assert len(members) == 4
    assert council.seed == "4-2-6"
    assert sorted(str(m.pk) for m in members) == sample_panel(
        council.draw_record["distribution"], council.seed
    )
    assert set(council.election.candidates.all()) == set(members)
    assert AuditEvent.objects.filter(action="kinderraad.draw").exists()
    with pytest.raises(services.DrawError):
        services.draw_council(None, council, "again")


def test_impossible_quotas_are_explained_in_dutch(staff_client):
    council, schools = make_council(size=4, per_school=(1, 3, 3, 3), quotas=[(0, 2, 2)])
    client = staff_client("administrator")
    response = client.post(
        reverse("kinderraad:draw", args=[council.slug]), {"seed": "1"}, follow=True
    )
    body = response.content.decode()
    assert "Met deze quota kan geen raad worden geloot" in body
    assert "De Boomgaard: minimum van 2 naar 1" in body
    council.refresh_from_db()
    assert not council.is_drawn


def test_public_page_shows_seed_and_chances_per_school_but_only_first_names(client):
    council, _schools = drawn_council(size=4)
    body = client.get(reverse("kinderraad:council", args=[council.slug])).content.decode()
    assert "4-2-6" in body
    assert "Kans per school" in body and "De Boomgaard" in body
    assert "40%" in body  # 4 seats for 10 children, no quotas: equal chances
    assert "juf@school.example" not in body


def test_staff_enters_an_application_for_a_school_and_consent_is_required(staff_client):
    council, schools = make_council(per_school=(0,))
    client = staff_client("administrator")
    url = reverse("kinderraad:application_add", args=[council.slug, schools[0].pk])
    data = {"first_name": "Yara", "grade": "7", "age": "10", "district": schools[0].district_id}
    refused = client.post(url, data)
    assert "Zonder toestemming van ouders of verzorgers" in refused.content.decode()
    assert 'value="Yara"' in refused.content.decode()
    assert not Application.objects.exists()
    client.post(url, {**data, "parental_consent": "on"})
    application = Application.objects.get()
    assert (application.first_name, application.school, application.entered_by) == (
        "Yara",
        schools[0],
        client.user,
    )
    assert AuditEvent.objects.filter(action="kinderraad.add_application").exists()
