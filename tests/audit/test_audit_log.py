import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from meedoen.audit.models import AuditEvent
from meedoen.audit.services import record
from meedoen.districts.models import District
from tests.conftest import login_staff
from tests.factories import StaffFactory


@pytest.mark.django_db
def test_event_records_who_what_and_which_object():
    staff = StaffFactory(role="administrator")
    district = District.objects.get(number="06")
    event = record(staff, "districts.renamed", district, changes={"name": ["a", "b"]})
    assert event.actor_label == staff.username
    assert event.object_type == "districts.District"
    assert event.object_id == str(district.pk)
    assert event.at is not None


@pytest.mark.django_db
def test_events_cannot_be_changed_or_deleted():
    event = record(None, "system.test")
    event.action = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(action="x")


@pytest.mark.django_db
def test_database_refuses_rewriting_history():
    event = record(None, "system.test")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET action = %s WHERE id = %s", ["rewritten", event.pk]
        )
    assert AuditEvent.objects.get(pk=event.pk).action == "system.test"


@pytest.mark.django_db
def test_admin_change_is_audited(client):
    admin = StaffFactory(role="administrator", is_staff=True, is_superuser=True)
    login_staff(client, admin)
    district = District.objects.get(number="06")
    url = reverse("admin:districts_district_change", args=[district.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "municipality": district.municipality_id,
            "group": "",
            "name": "Keizerslanden-Noord",
            "kernen-TOTAL_FORMS": "0",
            "kernen-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="admin.change")
    assert event.actor_label == admin.username
    assert event.object_repr == "Keizerslanden-Noord"


@pytest.mark.django_db
def test_only_administrators_read_the_log(staff_client):
    record(None, "system.started")
    client = staff_client("administrator")
    assert "system.started" in client.get(reverse("audit:list")).content.decode()
