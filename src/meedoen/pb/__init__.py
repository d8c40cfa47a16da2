"""meedoen.pb: the participatory-budgeting engine (no Django inside).

Reads and writes Pabulib files (:func:`read_pb`, :func:`parse_pb`, :func:`write_pb`,
:func:`dump_pb`), counts votes with utilitarian greedy (with or without skipping, optionally
with a vote threshold) or the Method of Equal Shares (completion ``none``, ``greedy`` or
``add1``, optional comparison step) via :func:`count`, and explains per project what happened
(:class:`CountResult`, :class:`ProjectOutcome`).  Results are exact: money is kept in
:class:`fractions.Fraction`; the fast numpy path for approval MES only decides where floats
provably agree with exact arithmetic and recomputes everything else exactly.

Tie-breaking: by default a tie goes to the project whose id is smallest when ids are compared
as text (so ``"10"`` beats ``"9"``), exactly as pabutools 1.2.3 (``lexico_tie_breaking`` on
``Project.name``, which is the Pabulib ``project_id``).  ``tie_break="lottery"`` with a
``seed`` instead ranks the text-sorted ids by ``random.Random(seed).shuffle`` and gives the tie
to the project that comes first; the same seed always gives the same order.
"""

from .counting import count, rule_from_meta
from .explain import CountResult, ProjectOutcome, render_text
from .instance import PBInstance, Project
from .pabulib import PabulibError, dump_pb, parse_pb, read_pb, write_pb

__all__ = [
    "CountResult",
    "PBInstance",
    "PabulibError",
    "Project",
    "ProjectOutcome",
    "count",
    "dump_pb",
    "parse_pb",
    "read_pb",
    "render_text",
    "rule_from_meta",
    "write_pb",
]
