from meedoen.kinderraad import services
from tests.kinderraad.helpers import drawn_council, open_election
from tests.permission_cases import PUBLIC, Case


def _council(ctx):
    """A drawn council with a closed election (built once per matrix run)."""
    if "council" not in ctx.extra:
        council, schools = drawn_council("kinderraad-rechten")
        services.close_election(None, open_election(council))
        ctx.extra.update(council=council, school=schools[0])
    return {"slug": ctx.extra["council"].slug}


def _council_school(ctx):
    kwargs = _council(ctx)
    return {**kwargs, "school_id": ctx.extra["school"].pk}


ADMIN = {"administrator"}

CASES = {
    "kinderraad:index": Case(PUBLIC),
    "kinderraad:vote": Case(PUBLIC),
    "kinderraad:council": Case(PUBLIC, _council),
    "kinderraad:results": Case(PUBLIC, _council),
    "kinderraad:staff": Case(ADMIN),
    "kinderraad:staff_council": Case(ADMIN, _council),
    "kinderraad:application_add": Case(ADMIN, _council_school),
    "kinderraad:draw": Case(ADMIN, _council, method="post"),
    "kinderraad:election_open": Case(ADMIN, _council, method="post"),
    "kinderraad:election_close": Case(ADMIN, _council, method="post"),
    "kinderraad:voting_codes": Case(ADMIN, _council_school, method="post"),
}
