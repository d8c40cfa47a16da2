"""Who may open which page: the expected access per URL, checked by the permission matrix.

Each bounded context lists its URLs in ``tests/<app>/permission_cases.py`` as ``CASES``; the
matrix test (tests/accounts/test_permission_matrix.py) walks every URL pattern of the project
with every role and fails on a URL that has no case, so a new view cannot skip this.

A case: ``Case(allowed=..., kwargs=builder)``.
- ``allowed``: the roles that may open the page: ``PUBLIC`` (everyone, also anonymous) or a set
  of role names from ``ROLES`` below; ``"wijkmanager"`` means the wijkmanager *of the district the
  object belongs to* (district 06, Keizerslanden) — the wijkmanager of another district
  (``"wijkmanager_other"``, district 01) is expected to get 403 unless listed.
- ``kwargs(ctx)``: builds the objects the URL needs and returns the URL kwargs. ``ctx`` is a
  :class:`Context` with ``district`` (06 Keizerslanden), ``resident`` (lives there) and
  ``group_member`` (member of an accepted, confirmed resident group there, ``ctx.group``).
- ``method``: "get" (default). POST-only views are checked with POST and an empty body: allowed
  roles must not get 403 or a login redirect (a 400/302/200/405 with a form error is fine).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

PUBLIC = "public"
ROLES = [
    "anonymous",
    "resident",
    "group_member",
    "wijkmanager",
    "wijkmanager_other",
    "wijkopbouwwerker",
    "wijkwethouder",
    "moderator",
    "administrator",
]
SIGNED_IN = {r for r in ROLES if r != "anonymous"}
STAFF = {
    "wijkmanager",
    "wijkmanager_other",
    "wijkopbouwwerker",
    "wijkwethouder",
    "moderator",
    "administrator",
}
DISTRICT_TEAM = {"wijkmanager", "wijkopbouwwerker", "wijkwethouder", "administrator"}
DISTRICT_PAIR = {"wijkmanager", "wijkopbouwwerker", "administrator"}


@dataclass
class Context:
    district: object
    resident: object
    group_member: object
    group: object
    extra: dict = field(default_factory=dict)


@dataclass
class Case:
    allowed: str | set[str]
    kwargs: Callable[[Context], dict] = lambda ctx: {}
    method: str = "get"


def _district_slug(ctx: Context) -> dict:
    return {"slug": ctx.district.slug}


CASES = {
    "pages:home": Case(PUBLIC),
    "pages:accessibility": Case(PUBLIC),
    "pages:privacy": Case(PUBLIC),
    "pages:health": Case(PUBLIC),
    "accounts:login": Case(PUBLIC),
    "accounts:mock_digid": Case(PUBLIC),
    "accounts:staff_login": Case(PUBLIC),
    "accounts:staff_token": Case(PUBLIC),
    "accounts:staff_totp_setup": Case(PUBLIC),
    "accounts:logout": Case(PUBLIC, method="post"),
    "accounts:my_data": Case(SIGNED_IN),
    "accounts:delete_account": Case(SIGNED_IN),
    "accounts:staff_home": Case(STAFF),
    "districts:list": Case(PUBLIC),
    "districts:detail": Case(PUBLIC, _district_slug),
    "districts:staff": Case(DISTRICT_TEAM, _district_slug),
    "audit:list": Case({"administrator"}),
}
