"""Drawing the children's council and running the child mayor election.

Each function owns its transaction and records staff actions in the audit log.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen import paper_codes as codes
from meedoen.audit.services import record
from meedoen.kinderraad.models import Application, Ballot, Council, Election, VotingCode
from meedoen.pb import election as election_rules
from meedoen.sortition.distribution import find_distribution
from meedoen.sortition.draw import draw_panel
from meedoen.sortition.errors import InfeasibleQuotasError, SortitionInputError
from meedoen.sortition.model import Quota, Respondent

CODE_PURPOSE = "kinderraad"
SCHOOL, DISTRICT = "school", "district"


class DrawError(Exception):
    """The draw cannot run; the message is Dutch and says what to change."""


def add_application(actor, council: Council, school, **fields) -> Application:
    with transaction.atomic():
        application = Application.objects.create(
            council=council, school=school, entered_by=actor, **fields
        )
        record(actor, "kinderraad.add_application", application, changes={"school": school.name})
    return application


def respondents_and_quotas(council: Council) -> tuple[list[Respondent], list[Quota]]:
    """The lottery's input: every application with its school and district; the quotas."""
    applications = list(council.applications.select_related("district"))
    respondents = [
        Respondent(
            id=str(app.pk),
            features={SCHOOL: str(app.school_id), DISTRICT: app.district.number},
        )
        for app in applications
    ]
    quotas = []
    for quota in council.quotas.select_related("district"):
        if quota.school_id:
            quotas.append(Quota(SCHOOL, str(quota.school_id), quota.min, quota.max))
        else:
            quotas.append(Quota(DISTRICT, quota.district.number, quota.min, quota.max))
    return respondents, quotas


def _infeasible_message(council: Council, error: InfeasibleQuotasError) -> str:
    from meedoen.districts.models import District
    from meedoen.kinderraad.models import School

    parts = []
    for relax in error.relaxations:
        if relax.bound == "panel_size":
            parts.append(
                _("maak de raad kleiner: %(required)s kinderen in plaats van %(current)s")
                % {"required": relax.required, "current": relax.current}
            )
            continue
        if relax.category == SCHOOL:
            name = School.objects.filter(pk=relax.value).values_list("name", flat=True).first()
        else:
            name = (
                District.objects.filter(number=relax.value).values_list("name", flat=True).first()
            )
        parts.append(
            _("%(name)s: %(bound)s van %(current)s naar %(required)s")
            % {
                "name": name or relax.value,
                "bound": _("minimum") if relax.bound == "min" else _("maximum"),
                "current": relax.current,
                "required": relax.required,
            }
        )
    return _("Met deze quota kan geen raad worden geloot. Pas dit aan: %(fix)s.") % {
        "fix": "; ".join(parts) or _("de quota of het aantal kinderen")
    }


def draw_council(actor, council: Council, seed: str) -> Council:
    """Draws the council: LEXIMIN selection probabilities, then one seeded, verifiable draw."""
    with transaction.atomic():
        council = Council.objects.select_for_update().get(pk=council.pk)
        if council.is_drawn:
            raise DrawError(_("Deze kinderraad is al geloot."))
        respondents, quotas = respondents_and_quotas(council)
        if len(respondents) < council.size:
            raise DrawError(
                _("Er zijn %(count)s aanmeldingen. Voor een raad van %(size)s zijn er meer nodig.")
                % {"count": len(respondents), "size": council.size}
            )
        try:
            distribution = find_distribution(respondents, quotas, council.size, algorithm="leximin")
            result = draw_panel(distribution, seed)
        except InfeasibleQuotasError as error:
            raise DrawError(_infeasible_message(council, error)) from error
        except SortitionInputError as error:
            raise DrawError(
                _("De loting kan niet starten: %(reason)s") % {"reason": error}
            ) from error
        selected_ids = [int(pk) for pk in result.panel]
        council.applications.filter(pk__in=selected_ids).update(selected=True)
        council.seed = result.record["seed"]
        council.draw_record = result.record
        council.drawn_at = timezone.now()
        council.save(update_fields=["seed", "draw_record", "drawn_at"])
        election, _created = Election.objects.get_or_create(council=council)
        election.candidates.set(selected_ids)
        record(
            actor,
            "kinderraad.draw",
            council,
            changes={
                "seed": council.seed,
                "selected": selected_ids,
                "applications": len(respondents),
            },
        )
    return council


@dataclass
class GroupChance:
    name: str
    applications: int
    seats: int  # drawn into the council
    expected: float  # expected seats over the fair distribution
    chance: float  # of one applicant in this group


def chances(council: Council, by: str = SCHOOL) -> list[GroupChance]:
    """Selection probabilities in aggregate (per school or per district), never per child."""
    if not council.draw_record:
        return []
    probabilities = council.draw_record["distribution"]["probabilities"]
    groups: dict[str, list] = defaultdict(list)
    for app in council.applications.select_related("school", "district"):
        name = app.school.name if by == SCHOOL else app.district.name
        groups[name].append((probabilities.get(str(app.pk), 0.0), app.selected))
    rows = []
    for name, members in sorted(groups.items()):
        expected = sum(p for p, _sel in members)
        rows.append(
            GroupChance(
                name=name,
                applications=len(members),
                seats=sum(1 for _p, sel in members if sel),
                expected=expected,
                chance=expected / len(members),
            )
        )
    return rows


# --- the election -----------------------------------------------------------------------


def open_election(actor, election: Election, method: str, candidates) -> Election:
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        if election.status != Election.Status.PREPARING:
            raise ValueError("election already opened")
        ids = [c.pk for c in candidates]
        election.method = method
        election.status = Election.Status.OPEN
        election.save(update_fields=["method", "status"])
        election.candidates.set(ids)
        record(
            actor,
            "kinderraad.open_election",
            election,
            changes={"method": method, "candidates": ids},
        )
    return election


def generate_codes(actor, election: Election, school, count: int) -> list[str]:
    """A batch of voting codes for one school; the plain codes are returned once, to print."""
    plain = [codes.new_code() for _ in range(count)]
    with transaction.atomic():
        VotingCode.objects.bulk_create(
            VotingCode(
                election=election, school=school, code_hash=codes.code_hash(code, CODE_PURPOSE)
            )
            for code in plain
        )
        record(actor, "kinderraad.codes", election, changes={"school": school.name, "count": count})
    return plain


class VoteRefused(Exception):
    UNKNOWN = "unknown"
    USED = "used"
    CLOSED = "closed"
    INVALID = "invalid"

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def check_code(election: Election, typed_code: str) -> VotingCode:
    if election.status != Election.Status.OPEN:
        raise VoteRefused(VoteRefused.CLOSED)
    code = VotingCode.objects.filter(
        election=election, code_hash=codes.code_hash(typed_code, CODE_PURPOSE)
    ).first()
    if code is None:
        raise VoteRefused(VoteRefused.UNKNOWN)
    if code.used:
        raise VoteRefused(VoteRefused.USED)
    return code


def cast_vote(election: Election, typed_code: str, ranking: list[int]) -> Ballot:
    """Uses the code once and stores the ballot without any link to the code.

    The conditional UPDATE (used=False -> True) lets exactly one of racing requests win,
    on SQLite and PostgreSQL alike; the row lock makes the others wait for its outcome.
    """
    candidate_ids = set(election.candidates.values_list("pk", flat=True))
    if not ranking or len(set(ranking)) != len(ranking) or not set(ranking) <= candidate_ids:
        raise VoteRefused(VoteRefused.INVALID)
    if not election.is_ranked:
        ranking = ranking[:1]
    with transaction.atomic():
        code = check_code(election, typed_code)
        VotingCode.objects.select_for_update().filter(pk=code.pk).first()
        if VotingCode.objects.filter(pk=code.pk, used=False).update(used=True) != 1:
            raise VoteRefused(VoteRefused.USED)
        return Ballot.objects.create(election=election, ranking=[str(pk) for pk in ranking])


def tie_seed(election: Election) -> int:
    """Ties are decided by lot, from the council's public seed, so anyone can check them."""
    digest = hashlib.sha256(f"kinderburgemeester\x00{election.council.seed}".encode()).hexdigest()
    return int(digest[:15], 16)


def count_votes(election: Election) -> election_rules.ElectionResult:
    candidates = sorted(str(pk) for pk in election.candidates.values_list("pk", flat=True))
    ballots = list(election.ballots.values_list("ranking", flat=True))
    rule = election_rules.instant_runoff if election.is_ranked else election_rules.plurality
    return rule(ballots, candidates=candidates, tie_break="lottery", seed=tie_seed(election))


def close_election(actor, election: Election) -> Election:
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        if election.status != Election.Status.OPEN:
            raise ValueError("election is not open")
        result = count_votes(election)
        election.status = Election.Status.CLOSED
        election.result = {
            "method": result.method,
            "rounds": result.rounds,
            "eliminated": result.eliminated,
            "exhausted": result.exhausted,
            "ballots": election.ballots.count(),
            "tie_break": "lottery",
            "tie_seed": tie_seed(election),
        }
        election.winner_id = int(result.winner) if result.winner else None
        election.save(update_fields=["status", "result", "winner"])
        record(actor, "kinderraad.close_election", election, changes={"winner": election.winner_id})
    return election
