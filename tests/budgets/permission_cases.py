"""Who may open which page of the Meedoenbudget (see tests/permission_cases.py)."""

from meedoen.budgets.models import (
    BudgetRound,
    Comment,
    Initiative,
    InitiativePhoto,
    ResidentGroup,
)
from meedoen.budgets.services import invite
from tests.budgets.helpers import make_expense, make_initiative, make_round
from tests.permission_cases import DISTRICT_PAIR, PUBLIC, Case

Phase = BudgetRound.Phase
Status = Initiative.Status
RESIDENTS = {"resident", "group_member"}
PAIR_AND_MODERATOR = DISTRICT_PAIR | {"moderator"}


def _round(ctx, phase=Phase.IDEAS):
    return make_round(phase=phase, number="06")


def _round_slug(ctx):
    return {"slug": _round(ctx).slug}


def _initiative(ctx, status=Status.SUBMITTED, phase=Phase.IDEAS):
    return make_initiative(_round(ctx, phase), ctx.group, status=status)


def _pk(builder):
    return lambda ctx: {"pk": builder(ctx).pk}


def _pending_group(ctx):
    return ResidentGroup.objects.create(district=ctx.district, name="Nieuwe groep")


def _invitation(ctx):
    other = ResidentGroup.objects.create(
        district=ctx.district, name="Andere groep", status=ResidentGroup.Status.CONFIRMED
    )
    return {"token": invite(other, None).token}


def _comment(ctx):
    return Comment.objects.create(initiative=_initiative(ctx), text="Mooi plan!")


def _photo(ctx):
    from django.core.files.base import ContentFile

    photo = InitiativePhoto(initiative=_initiative(ctx), alt_text="een tuin")
    photo.image.save("tuin.png", ContentFile(_PNG), save=False)
    photo.save()
    return photo


def _expense(ctx):
    return make_expense(_initiative(ctx, Status.SELECTED, Phase.EXECUTION))


_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)

CASES = {
    "budgets:index": Case(PUBLIC),
    "budgets:round_detail": Case(PUBLIC, _round_slug),
    "budgets:round_create": Case({"administrator"}),
    "budgets:round_edit": Case({"administrator"}, _round_slug),
    "budgets:round_advance": Case({"administrator"}, _round_slug),
    "budgets:group_create": Case(RESIDENTS),
    "budgets:group_detail": Case(PUBLIC, lambda ctx: {"pk": ctx.group.pk}),
    "budgets:group_edit": Case({"group_member"}, lambda ctx: {"pk": ctx.group.pk}),
    "budgets:group_invite": Case({"group_member"}, lambda ctx: {"pk": ctx.group.pk}, method="post"),
    "budgets:group_decide": Case(DISTRICT_PAIR, _pk(_pending_group)),
    "budgets:invitation": Case(RESIDENTS, _invitation),
    "budgets:initiative_create": Case(
        {"group_member"}, lambda ctx: {"slug": _round(ctx).slug, "group": ctx.group.pk}
    ),
    "budgets:initiative_detail": Case(PUBLIC, _pk(_initiative)),
    "budgets:initiative_edit": Case(
        {"group_member"}, _pk(lambda ctx: _initiative(ctx, Status.DRAFT))
    ),
    "budgets:initiative_submit": Case(
        {"group_member"}, _pk(lambda ctx: _initiative(ctx, Status.DRAFT)), method="post"
    ),
    "budgets:photo_add": Case({"group_member"}, _pk(lambda ctx: _initiative(ctx, Status.DRAFT))),
    "budgets:initiative_review": Case(
        DISTRICT_PAIR, _pk(lambda ctx: _initiative(ctx, Status.SUBMITTED, Phase.REVIEW))
    ),
    "budgets:initiative_approve": Case(
        {"wijkwethouder"}, _pk(lambda ctx: _initiative(ctx, Status.REVIEWED, Phase.REVIEW))
    ),
    "budgets:comment": Case(RESIDENTS, _pk(_initiative), method="post"),
    "budgets:support": Case(RESIDENTS, _pk(_initiative), method="post"),
    "budgets:progress_add": Case(
        {"group_member"}, _pk(lambda ctx: _initiative(ctx, Status.SELECTED, Phase.EXECUTION))
    ),
    "budgets:expense_add": Case(
        {"group_member"}, _pk(lambda ctx: _initiative(ctx, Status.SELECTED, Phase.EXECUTION))
    ),
    "budgets:final_report": Case(
        {"group_member"}, _pk(lambda ctx: _initiative(ctx, Status.SELECTED, Phase.EXECUTION))
    ),
    "budgets:comment_hide": Case(PAIR_AND_MODERATOR, _pk(_comment)),
    "budgets:photo": Case(PUBLIC, _pk(_photo)),
    "budgets:receipt": Case(DISTRICT_PAIR | {"wijkwethouder", "group_member"}, _pk(_expense)),
    "budgets:expense_decide": Case(DISTRICT_PAIR, _pk(_expense)),
}
