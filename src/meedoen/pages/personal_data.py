"""What the platform holds about one person, for 'Mijn gegevens' (AVG art. 15).

Each bounded context that stores something about a person contributes a section here, so
the page stays complete when an app is added.
"""

import importlib

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


CONTRIBUTING_APPS = ["budgets", "voting", "lotteries", "shares", "kinderraad"]


def personal_data_sections(user) -> list[dict]:
    sections = [account_section(user)]
    for app in CONTRIBUTING_APPS:
        module = importlib.import_module(f"meedoen.{app}.personal_data")
        sections.extend(module.sections(user))
    return sections
