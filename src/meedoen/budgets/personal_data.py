from django.utils.translation import gettext as _


def sections(user) -> list[dict]:
    memberships = user.group_memberships.select_related("group")
    if not memberships:
        return []
    return [
        {
            "title": _("Bewonersgroepen"),
            "rows": [(m.group.name, m.group.district.name) for m in memberships],
        }
    ]
