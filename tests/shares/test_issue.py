"""Staff issue and print vouchers; the overview counts them per meeting and per partner."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from meedoen.audit.models import AuditEvent
from meedoen.shares import selectors, services
from meedoen.shares.models import Voucher

pytestmark = pytest.mark.django_db


def test_administrator_issues_named_vouchers_and_gets_a_pdf(staff_client, meeting):
    client = staff_client("administrator")
    today = timezone.localdate()
    response = client.post(
        reverse("shares:issue", args=[meeting.slug]),
        {
            "value": "25",
            "valid_from": today.isoformat(),
            "valid_until": (today + dt.timedelta(days=180)).isoformat(),
            "first_names": "Fatima\nJan\n\nPiet\n",
        },
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert sorted(Voucher.objects.values_list("first_name", flat=True)) == ["Fatima", "Jan", "Piet"]
    event = AuditEvent.objects.get(action="shares.issue")
    assert event.changes["count"] == 3 and event.actor_id == client.user.pk


def test_issue_form_explains_mistakes_and_keeps_input(staff_client, meeting):
    client = staff_client("administrator")
    today = timezone.localdate()
    response = client.post(
        reverse("shares:issue", args=[meeting.slug]),
        {
            "value": "25",
            "valid_from": today.isoformat(),
            "valid_until": (today - dt.timedelta(days=3)).isoformat(),
            "first_names": "",
            "count": "",
        },
    )
    body = response.content.decode()
    assert "Deze datum ligt voor" in body
    assert "Vul een aantal in, of typ voornamen" in body
    assert 'value="25"' in body
    assert not Voucher.objects.exists()


def test_overview_counts_issued_redeemed_and_expired(issue, meeting, bakery, partner_user):
    services.redeem(partner_user, bakery, issue())
    issue()
    issue(valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2020, 2, 1))
    row = selectors.meetings_with_totals().get(pk=meeting.pk)
    assert (row.issued, row.redeemed, row.expired, row.still_open) == (3, 1, 1, 1)
    partner = selectors.partners_with_totals().get(pk=bakery.pk)
    assert partner.redeemed == 1 and partner.redeemed_value == 25


def test_overview_page_lists_meeting_and_partner(staff_client, issue, meeting, bakery):
    issue()
    body = staff_client("administrator").get(reverse("shares:staff_overview")).content.decode()
    assert meeting.title in body and bakery.name in body


def test_public_page_lists_only_active_partners(client, bakery, library):
    library.active = False
    library.save()
    body = client.get(reverse("shares:index")).content.decode()
    assert bakery.name in body and library.name not in body


def test_vouchers_for_drawn_co_owners_link_to_their_invitation(staff_client, meeting):
    from meedoen.lotteries.models import Invitation

    drawn = Invitation.objects.create(
        panel=meeting,
        person_id="p1",
        draw_position=1,
        code_hash="a" * 64,
        status=Invitation.Status.SELECTED,
        first_name="Anouk",
    )
    Invitation.objects.create(panel=meeting, person_id="p2", draw_position=2, code_hash="b" * 64)
    client = staff_client("administrator")
    url = reverse("shares:issue", args=[meeting.slug])
    form_page = client.get(url).content.decode()
    assert "Anouk" in form_page and "mede-eigenaar 2" not in form_page  # only drawn people
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "value": "30",
            "valid_from": today.isoformat(),
            "valid_until": (today + dt.timedelta(days=30)).isoformat(),
            "invitations": [drawn.pk],
            "count": "2",
        },
    )
    assert response["Content-Type"] == "application/pdf"
    assert Voucher.objects.count() == 3
    assert Voucher.objects.get(invitation=drawn).first_name == "Anouk"
