"""Who may open the voting pages (see tests/permission_cases.py for the format)."""

from meedoen.voting import counting, services
from meedoen.voting.codes import parse_recipients
from meedoen.voting.eligibility import Voter
from tests.factories import StaffFactory
from tests.permission_cases import DISTRICT_PAIR, PUBLIC, Case

VOTING_STAFF = {"wijkmanager", "wijkmanager_other", "wijkopbouwwerker", "administrator"}


def _round(ctx):
    from tests.voting.support import make_round

    budget_round, plans = make_round(district_number=ctx.district.number)
    ctx.extra["plans"] = plans
    return budget_round


def _slug(ctx):
    return {"slug": _round(ctx).slug}


def _counted(ctx):
    budget_round = _round(ctx)
    services.cast_ballot(budget_round, Voter("matrix-voter"), [ctx.extra["plans"][0].pk])
    budget_round.phase = "results"
    budget_round.save()
    counting.count_round(budget_round, None)
    return {"slug": budget_round.slug}


def _batch(ctx):
    budget_round = _round(ctx)
    upload = parse_recipients("postcode;huisnummer\n7417 AB;3\n")
    batch, _issued = services.create_voting_codes(budget_round, upload, None)
    return {"slug": budget_round.slug, "batch_id": batch.pk}


def _entry(ctx):
    budget_round = _round(ctx)
    upload = parse_recipients("postcode;huisnummer\n7417 AB;3\n")
    _batch, [(_r, plain)] = services.create_voting_codes(budget_round, upload, None)
    entered_by = StaffFactory(role="administrator")
    entry, _receipt = services.enter_paper_ballot(
        budget_round, plain, [ctx.extra["plans"][0].pk], entered_by
    )
    return {"slug": budget_round.slug, "pk": entry.pk}


CASES = {
    "voting:index": Case(PUBLIC),
    "voting:code_entry": Case(PUBLIC),
    "voting:receipt_check": Case(PUBLIC),
    "voting:ballot": Case(PUBLIC, _slug),
    "voting:review": Case(PUBLIC, _slug),
    "voting:thanks": Case(PUBLIC, _slug),
    "voting:results": Case(PUBLIC, _counted),
    "voting:export": Case(PUBLIC, _counted),
    "voting:staff_index": Case(VOTING_STAFF),
    "voting:staff_round": Case(DISTRICT_PAIR, _slug),
    "voting:paper": Case(DISTRICT_PAIR, _slug),
    "voting:paper_confirm": Case(DISTRICT_PAIR, _entry, method="post"),
    "voting:paper_reject": Case(DISTRICT_PAIR, _entry, method="post"),
    "voting:codes": Case({"administrator"}, _slug),
    "voting:void_batch": Case({"administrator"}, _batch, method="post"),
    "voting:close_and_count": Case({"administrator"}, _slug, method="post"),
}
