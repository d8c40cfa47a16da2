from django.utils.translation import gettext as _

from meedoen.voting.models import VoterMark


def sections(user) -> list[dict]:
    """What this app holds about the person, for Mijn gegevens: in which rounds they voted.

    What they voted is not linked to them anywhere, so it cannot be shown here either.
    """
    if not getattr(user, "bsn_pseudonym", None):
        return []
    marks = VoterMark.objects.filter(voter_key=user.bsn_pseudonym).select_related("round")
    if not marks:
        return []
    rows = [(mark.round.title, _("u heeft gestemd")) for mark in marks]
    rows.append(
        (
            _("Uw keuze"),
            _("Uw stem is geheim. Wij bewaren niet wat u koos bij uw naam, dus ook niet hier."),
        )
    )
    return [{"title": _("Stemmen"), "rows": rows}]
