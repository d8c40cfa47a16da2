import io

import pytest

from meedoen.lotteries import demo
from meedoen.lotteries.models import Draw, Invitation, Panel, PopulationMember, ShareHolder


@pytest.mark.django_db
def test_demo_data_draws_a_burgerberaad_and_opens_a_coowners_meeting_idempotently():
    demo.load(io.StringIO())
    counts = (
        Panel.objects.count(),
        Draw.objects.count(),
        Invitation.objects.count(),
        ShareHolder.objects.count(),
    )
    demo.load(io.StringIO())
    assert (
        Panel.objects.count(),
        Draw.objects.count(),
        Invitation.objects.count(),
        ShareHolder.objects.count(),
    ) == counts
    beraad = Panel.objects.get(slug="binnenstad-autoluw")
    assert beraad.stage2_draw is not None
    assert beraad.invitations.filter(status=Invitation.Status.SELECTED).count() == 24
    assert not PopulationMember.objects.exists()
    meeting = Panel.objects.get(slug="mede-eigenaren-rijnkade")
    assert meeting.stage1_draw is not None and meeting.stage2_draw is None
    assert meeting.invitations.exclude(registered_at=None).exists()
