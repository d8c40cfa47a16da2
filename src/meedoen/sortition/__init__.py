"""Fair, verifiable lotteries (sortition) for citizens' assemblies, co-owners' meetings and
the children's council.  Plain Python (numpy + HiGHS), no Django inside.

Two stages, as practised:

1. :func:`draw_invitations` draws addresses uniformly from the population file (a BRP
   selection), then one eligible person per drawn address (:mod:`.stage1`).
2. From the respondents, :func:`find_distribution` computes a fair distribution over panels
   of size k meeting the quotas with at most one person per household -- LEXIMIN
   (Flanigan et al., Nature 2021; :mod:`.leximin`), or the Sortition Foundation's earlier
   greedy algorithm for comparison (:mod:`.legacy`) -- and :func:`draw_panel` draws one
   panel from it (:mod:`.draw`).  :func:`draw_replacements` refills a panel after
   drop-outs (:mod:`.replacements`).

The random generator (:mod:`.rng`)
    Every random step uses a public seed string (NFC-normalised, stripped) and a step label.
    Block i of the stream is SHA-256("meedoen-sortition-v1" 0 seed 0 label 0 i as 8 bytes
    big-endian); integers below n come from the stream by rejection sampling on the bit
    length of n-1; samples are partial Fisher-Yates shuffles.  It uses no library generator,
    so it is the same on every Python and numpy version and easy to re-implement.

Tie rules and canonical orders
    * Stage 1: addresses sorted by their text (code point order), people at an address by
      id; labels ``stage1/addresses`` and ``stage1/person/<address>``.
    * Stage 2: the distribution is published as panels over classes of interchangeable
      respondents (same quota answers, no housemate in the pool; classes numbered by their
      smallest id, people in a class sorted by id), panels in lexicographic order of their
      class counts, with integer weights on a grid of 10^9 (largest-remainder rounding,
      ties to the earlier panel).  The draw picks a panel with ``randbelow(10^9)`` (label
      ``stage2/panel``) by cumulative weight, then samples each class's members (label
      ``stage2/class/<t>``).  Replacements use the prefix ``replacement`` instead.
    * Legacy: the quota value with the largest (min still needed)/(available) ratio, ties to
      the first quota in file order; people uniformly among those available.

Verification (:func:`verify_record`)
    Stage 1 is recomputed exactly.  For stage 2 the published distribution is checked
    (panels meet quotas and households, weights sum to the grid, marginals as reported,
    probabilities equal to a fresh leximin computation within a tolerance -- LP solvers may
    find a different optimal distribution on another machine, but leximin probabilities are
    unique) and the seeded draw from it is recomputed exactly.

Errors are structured (:class:`InfeasibleQuotasError` with ``.relaxations``,
:class:`SortitionInputError` with ``.line``) so that the web app can phrase them in Dutch.
"""

from .csvio import (
    read_categories_csv,
    read_population_csv,
    read_respondents_csv,
    write_respondents_csv,
)
from .distribution import Distribution, find_distribution
from .draw import Stage2Result, draw_panel
from .errors import InfeasibleQuotasError, Relaxation, SortitionError, SortitionInputError
from .model import Person, Quota, Respondent
from .replacements import draw_replacements, draw_replacements_record
from .stage1 import Stage1Result, draw_invitations
from .verify import VerifyResult, verify_record

__all__ = [
    "Distribution",
    "InfeasibleQuotasError",
    "Person",
    "Quota",
    "Relaxation",
    "Respondent",
    "SortitionError",
    "SortitionInputError",
    "Stage1Result",
    "Stage2Result",
    "VerifyResult",
    "draw_invitations",
    "draw_panel",
    "draw_replacements",
    "draw_replacements_record",
    "find_distribution",
    "read_categories_csv",
    "read_population_csv",
    "read_respondents_csv",
    "verify_record",
    "write_respondents_csv",
]
