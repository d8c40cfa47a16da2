from meedoen.lotteries.models import Panel
from tests.permission_cases import PUBLIC, Case


def _meeting(ctx):
    panel, _ = Panel.objects.get_or_create(
        slug="mede-eigenaren-test",
        defaults={
            "kind": Panel.Kind.COOWNERS,
            "title": "Mede-eigenaren over groen",
            "topic": "Groen in de wijk",
            "panel_size": 30,
        },
    )
    return {"slug": panel.slug}


CASES = {
    "shares:index": Case(PUBLIC),
    "shares:check": Case(PUBLIC),
    # Only accounts of a voucher partner; no staff role may redeem (tested in test_redeem).
    "shares:redeem": Case(set()),
    "shares:staff_overview": Case({"administrator"}),
    "shares:issue": Case({"administrator"}, _meeting),
}
