"""Demo data of the voting context (runs after the budgets demo). Idempotent.

- Keizerslanden 2026 (finished): 92 anonymous ballots (86 online, 6 on paper), counted with the
  Method of Equal Shares; the outcome equals the one the budgets demo shows.
- Rivierenwijk 2027 (voting now): a handful of ballots, and three letters' voting codes for
  addresses in the Rivierenwijk, printed once so a person can try voting with a code.
- Burgerbegroting 2027 (voting now): a few divisions over the themes.
"""

from __future__ import annotations

from meedoen.budgets.models import BudgetRound
from meedoen.voting import services
from meedoen.voting.codes import new_receipt, parse_recipients, receipt_hash
from meedoen.voting.counting import count_round
from meedoen.voting.eligibility import Voter
from meedoen.voting.models import AnonymousBallot, RoundResult, VoterMark, VotingCodeBatch

# (how many voters, the plans on their ballot, paper?)
KEIZERSLANDEN = [
    (37, ["Speeltuin Zwolseweg opknappen", "Moestuin De Vijfhoek"], False),
    (3, ["Speeltuin Zwolseweg opknappen", "Moestuin De Vijfhoek"], True),
    (24, ["Speeltuin Zwolseweg opknappen"], False),
    (1, ["Speeltuin Zwolseweg opknappen"], True),
    (14, ["Moestuin De Vijfhoek"], False),
    (1, ["Moestuin De Vijfhoek"], True),
    (11, ["Buurtbus naar de markt"], False),
    (1, ["Buurtbus naar de markt"], True),
]
RIVIERENWIJK = [
    ["Buurtkamer aan de IJssel", "Taalcafé"],
    ["Groene schoolpleinen", "Taalcafé"],
    ["Buurtkamer aan de IJssel", "Groene schoolpleinen"],
    ["Taalcafé"],
    ["Groene schoolpleinen"],
]
THEME_DIVISIONS = [
    {"Wonen": 200000, "Welzijn": 100000, "Sport": 50000, "Cultuur": 50000, "Zorg": 100000},
    {"Wonen": 100000, "Welzijn": 150000, "Sport": 100000, "Cultuur": 50000, "Zorg": 100000},
    {"Wonen": 300000, "Welzijn": 50000, "Sport": 50000, "Cultuur": 0, "Zorg": 100000},
    {"Wonen": 150000, "Welzijn": 100000, "Sport": 100000, "Cultuur": 100000, "Zorg": 50000},
]


def _ids_by_title(budget_round) -> dict[str, int]:
    from meedoen.budgets.selectors import initiatives_on_ballot

    return {i.title: i.pk for i in initiatives_on_ballot(budget_round)}


def _finished_round(stdout) -> None:
    budget_round = BudgetRound.objects.filter(slug="meedoenbudget-keizerslanden-2026").first()
    if budget_round is None or RoundResult.objects.filter(round=budget_round).exists():
        return
    by_title = _ids_by_title(budget_round)
    if not AnonymousBallot.objects.filter(round=budget_round).exists():
        ballots, marks, k = [], [], 0
        for count, titles, paper in KEIZERSLANDEN:
            for _ in range(count):
                k += 1
                ballots.append(
                    AnonymousBallot(
                        round=budget_round,
                        choices=sorted(by_title[t] for t in titles),
                        receipt_hash=receipt_hash(new_receipt()),
                        channel="paper" if paper else "online",
                    )
                )
                marks.append(VoterMark(round=budget_round, voter_key=f"demo:{k}"))
        AnonymousBallot.objects.bulk_create(ballots)
        VoterMark.objects.bulk_create(marks)
    result = count_round(budget_round, None)
    stdout.write(
        f"voting: counted {budget_round.title}: {result.ballots_online} online, "
        f"{result.ballots_paper} on paper"
    )


def _cast_once(budget_round, key: str, choices) -> None:
    if not services.has_voted(budget_round, key):
        services.cast_ballot(budget_round, Voter(key), choices)


def _open_rounds(stdout) -> None:
    budget_round = BudgetRound.objects.filter(
        slug="meedoenbudget-rivierenwijk-2027", phase=BudgetRound.Phase.VOTING
    ).first()
    if budget_round is not None:
        by_title = _ids_by_title(budget_round)
        for k, titles in enumerate(RIVIERENWIJK, 1):
            _cast_once(budget_round, f"demo:riv:{k}", [by_title[t] for t in titles])
        if not VotingCodeBatch.objects.filter(round=budget_round).exists():
            upload = parse_recipients(
                "straat;huisnummer;postcode;woonplaats\n"
                "Rembrandtkade;1;7418 EF;Deventer\n"
                "Rembrandtkade;3;7418 EF;Deventer\n"
                "Rembrandtkade;5;7418 EF;Deventer\n"
            )
            _batch, issued = services.create_voting_codes(budget_round, upload, None)
            stdout.write(f"voting: voting codes for {budget_round.title} (try /stemmen/stemcode/):")
            for recipient, plain in issued:
                stdout.write(f"  {plain}  ({' '.join(recipient.address_lines()[-2:])})")
    themes_round = BudgetRound.objects.filter(
        slug="burgerbegroting-deventer-2027", phase=BudgetRound.Phase.VOTING
    ).first()
    if themes_round is not None:
        theme_ids = {t.name: str(t.pk) for t in themes_round.themes.all()}
        for k, division in enumerate(THEME_DIVISIONS, 1):
            if set(division) <= set(theme_ids):
                choices = {theme_ids[name]: amount for name, amount in division.items()}
                _cast_once(themes_round, f"demo:bb:{k}", choices)


def load(stdout) -> None:
    _finished_round(stdout)
    _open_rounds(stdout)
