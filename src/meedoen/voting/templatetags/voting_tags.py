from django import template

from meedoen.voting.models import RoundResult
from meedoen.voting.results import pb_rows

register = template.Library()


@register.inclusion_tag("voting/_results_summary.html")
def voting_summary(budget_round):
    """Voting status of a round for other pages: 'vote now' or the winners in short."""
    if budget_round is None:
        return {}
    result = RoundResult.objects.filter(round=budget_round).first()
    winners = []
    if result is not None and result.engine.get("kind") == "pb":
        winners = [row for row in pb_rows(result.engine) if row.selected]
    return {"round": budget_round, "result": result, "winners": winners}


@register.simple_tag(takes_context=True)
def voting_staff_allowed(context) -> bool:
    from meedoen.accounts.permissions import can

    request = context.get("request")
    return bool(request and can(request.user, "voting.staff"))
