"""What the platform holds about one person, for 'Mijn gegevens' (AVG art. 15).

Each bounded context that stores something about a person contributes a section here, so
the page stays complete when an app is added.
"""

from django.utils.translation import gettext as _


def account_section(user) -> dict:
    rows = [
        (_("Soort account"), user.get_kind_display()),
        (_("Wijk of dorp"), str(user.district) if user.district else _("onbekend")),
        (_("Geboortejaar"), user.birth_year or _("onbekend")),
        (_("E-mailadres"), user.email or _("niet opgegeven")),
        (_("Lid sinds"), user.date_joined.strftime("%d-%m-%Y")),
    ]
    if user.is_resident:
        rows.insert(
            0,
            (
                _("Herkenning"),
                _("een versleutelde code van uw BSN (wij bewaren uw BSN zelf niet)"),
            ),
        )
    return {"title": _("Uw account"), "rows": rows}


def personal_data_sections(user) -> list[dict]:
    from meedoen.budgets.personal_data import sections as budget_sections
    from meedoen.lotteries.personal_data import sections as lottery_sections

    return [account_section(user), *budget_sections(user), *lottery_sections(user)]
