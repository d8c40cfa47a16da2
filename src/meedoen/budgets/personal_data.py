"""What the budgets context holds about a person, for 'Mijn gegevens'.

When a resident deletes the account: memberships and supports go with it (CASCADE); comments
stay, without the author (SET_NULL), shown as 'een inwoner (account verwijderd)', because a
public discussion would lose its meaning if replies disappeared. Initiatives belong to the group,
not to the person, and stay.
"""

from django.utils.translation import gettext as _

from meedoen.budgets.models import Comment, GroupMembership, Initiative, Support


def sections(user) -> list[dict]:
    result = []
    memberships = GroupMembership.objects.filter(user=user).select_related("group__district")
    if memberships:
        result.append(
            {
                "title": _("Bewonersgroepen"),
                "rows": [
                    (
                        m.group.name,
                        _("%(district)s, uw naam in de groep: %(name)s")
                        % {"district": m.group.district.name, "name": m.display_name or "–"},
                    )
                    for m in memberships
                ],
            }
        )
        initiatives = Initiative.objects.filter(
            group__memberships__user=user, group__memberships__accepted=True
        ).distinct()
        if initiatives:
            result.append(
                {
                    "title": _("Plannen van uw groepen"),
                    "rows": [(i.title, i.get_status_display()) for i in initiatives],
                }
            )
    comments = Comment.objects.filter(author=user).select_related("initiative")
    if comments:
        result.append(
            {
                "title": _("Uw reacties op plannen"),
                "rows": [(c.initiative.title, c.text) for c in comments],
            }
        )
    supports = Support.objects.filter(user=user).select_related("initiative")
    if supports:
        result.append(
            {
                "title": _("Plannen die u steunt"),
                "rows": [(s.initiative.title, s.created_at.strftime("%d-%m-%Y")) for s in supports],
            }
        )
    return result
