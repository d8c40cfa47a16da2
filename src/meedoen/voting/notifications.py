"""E-mail to voters who asked for it, when a round's results are out.

Two sources, both kept apart from the ballots: residents who voted with DigiD and switched on
'e-mail mij over uitslagen' (found through the 'has voted' marks), and the addresses left on the
receipt page (code voters), which are deleted once the mail has gone.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from meedoen.accounts.models import User
from meedoen.voting.models import ResultSubscription, RoundResult, VoterMark


def recipients(budget_round) -> set[str]:
    keys = VoterMark.objects.filter(round=budget_round).values("voter_key")
    users = User.objects.filter(
        bsn_pseudonym__in=keys, notify_by_email=True, is_active=True
    ).exclude(email="")
    addresses = {u.email.lower() for u in users}
    addresses |= set(
        ResultSubscription.objects.filter(round=budget_round).values_list("email", flat=True)
    )
    return addresses


def notify_results(result_id: int) -> int:
    """Sends the 'results are out' mail once per round; returns the number of mails."""
    with transaction.atomic():
        result = RoundResult.objects.select_for_update().select_related("round").get(pk=result_id)
        if result.notified:
            return 0
        budget_round = result.round
        url = settings.SITE_URL + reverse("voting:results", args=[budget_round.slug])
        subject = _("De uitslag van %(round)s is bekend") % {"round": budget_round.title}
        body = _(
            "Beste inwoner,\n\nDe stemming over %(round)s is geteld. Op deze pagina ziet u "
            "welke plannen gekozen zijn, en waarom:\n%(url)s\n\nDank u wel voor uw stem!\n\n"
            "Gemeente Deventer – Meedoen\n\nU krijgt deze e-mail omdat u erom vroeg. "
            "Dit is de enige e-mail over deze uitslag."
        ) % {"round": budget_round.title, "url": url}
        addresses = sorted(recipients(budget_round))
        messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [a]) for a in addresses]
        sent = send_mass_mail(messages, fail_silently=False) if messages else 0
        ResultSubscription.objects.filter(round=budget_round).delete()
        result.notified = True
        result.save(update_fields=["notified"])
    return sent
