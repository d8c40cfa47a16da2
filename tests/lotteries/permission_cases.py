"""Who may open the lottery pages: everyone for the public ones, administrators for the rest."""

from tests.permission_cases import PUBLIC, Case

ADMIN = {"administrator"}


def _panel(ctx):
    from meedoen.lotteries.models import Draw, Invitation, Panel

    panel = ctx.extra.get("panel")
    if panel is None:
        panel = Panel.objects.create(
            kind=Panel.Kind.BURGERBERAAD,
            title="Autoluwe binnenstad",
            slug="autoluwe-binnenstad",
            topic="Hoe maken we de binnenstad autoluw?",
            panel_size=3,
            invitation_count=6,
            is_public=True,
        )
        draw = Draw.objects.create(
            panel=panel,
            stage=Draw.Stage.INVITATIONS,
            seed="1 2 3",
            algorithm="test",
            record={"stage": 1, "invited": ["P1"], "eligible_people": 9, "eligible_addresses": 7},
        )
        invitation = Invitation.objects.create(
            panel=panel,
            person_id="P1",
            draw_position=1,
            code_hash="x" * 64,
            status=Invitation.Status.SELECTED,
        )
        ctx.extra.update(panel=panel, draw=draw, invitation=invitation)
    return panel


def _slug(ctx):
    return {"slug": _panel(ctx).slug}


def _draw(ctx):
    panel = _panel(ctx)
    return {"slug": panel.slug, "pk": ctx.extra["draw"].pk}


def _invitation(ctx):
    panel = _panel(ctx)
    return {"slug": panel.slug, "pk": ctx.extra["invitation"].pk}


CASES = {
    "lotteries:index": Case(PUBLIC),
    "lotteries:panel_detail": Case(PUBLIC, _slug),
    "lotteries:draw_record": Case(PUBLIC, _draw),
    "lotteries:respondents_file": Case(PUBLIC, _slug),
    "lotteries:quotas_file": Case(PUBLIC, _slug),
    "lotteries:outcome_pdf": Case(PUBLIC, _slug),
    "lotteries:share_register": Case(PUBLIC),
    "lotteries:register_start": Case(PUBLIC),
    "lotteries:register_details": Case(PUBLIC),
    "lotteries:staff_list": Case(ADMIN),
    "lotteries:panel_create": Case(ADMIN),
    "lotteries:share_register_upload": Case(ADMIN),
    "lotteries:manage": Case(ADMIN, _slug),
    "lotteries:panel_edit": Case(ADMIN, _slug),
    "lotteries:quotas": Case(ADMIN, _slug),
    "lotteries:population": Case(ADMIN, _slug),
    "lotteries:stage1": Case(ADMIN, _slug),
    "lotteries:letters": Case(ADMIN, _slug),
    "lotteries:paper_reply": Case(ADMIN, _slug),
    "lotteries:stage2": Case(ADMIN, _slug),
    "lotteries:send_results": Case(ADMIN, _slug, method="post"),
    "lotteries:drop_out": Case(ADMIN, _invitation, method="post"),
    "lotteries:replacements": Case(ADMIN, _slug),
    "lotteries:outcome": Case(ADMIN, _slug),
    "lotteries:staff_record": Case(ADMIN, _draw),
}
