"""``meedoen-sortition``: the lottery from the command line.

Exit codes: 0 success / match, 1 verification mismatch, 2 error (one line on stderr).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

from .csvio import read_categories_csv, read_population_csv, read_respondents_csv
from .distribution import find_distribution
from .draw import draw_panel
from .errors import SortitionError
from .stage1 import draw_invitations
from .verify import verify_record


def _sha256(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _load_stage2(categories: str, respondents: str):
    quotas = read_categories_csv(categories)
    return quotas, read_respondents_csv(respondents, quotas)


def _cmd_distribution(args) -> int:
    quotas, people = _load_stage2(args.categories, args.respondents)
    start = time.perf_counter()
    dist = find_distribution(
        people, quotas, args.panel_size, args.algorithm, args.seed, samples=args.samples
    )
    seconds = time.perf_counter() - start
    probs = dist.probabilities
    if args.json:
        out = {
            "algorithm": args.algorithm,
            "panel_size": args.panel_size,
            "pool_size": len(people),
            "probabilities": probs,
            "min_probability": dist.min_probability,
            "gini": dist.gini,
            "seconds": seconds,
            "support_size": len(dist.class_panels),
        }
        print(json.dumps(out, indent=1))
    else:
        for pid in (r.id for r in people):
            print(f"{pid}\t{probs[pid]:.6f}")
        print(f"minimum probability\t{dist.min_probability:.6f}")
        print(f"gini coefficient\t{dist.gini:.6f}")
        print(f"seconds\t{seconds:.3f}")
    return 0


def _cmd_stage1(args) -> int:
    population = read_population_csv(args.population)
    result = draw_invitations(
        population,
        args.invitations,
        args.seed,
        min_age=args.min_age,
        reference_year=args.reference_year,
    )
    record = result.to_record()
    record["inputs"] = {
        "population": {"file": Path(args.population).name, "sha256": _sha256(args.population)}
    }
    if args.out:
        Path(args.out).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(record, indent=1))
    else:
        for p in result.invited:
            print(f"{p.id}\t{p.address}")
    return 0


def _cmd_draw(args) -> int:
    quotas, people = _load_stage2(args.categories, args.respondents)
    dist = find_distribution(people, quotas, args.panel_size, args.algorithm, args.seed)
    result = draw_panel(dist, args.seed)
    record = dict(result.record)
    record["inputs"] = {
        "categories": {"file": Path(args.categories).name, "sha256": _sha256(args.categories)},
        "respondents": {"file": Path(args.respondents).name, "sha256": _sha256(args.respondents)},
    }
    Path(args.out).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    for pid in result.panel:
        print(pid)
    print(
        f"drew {len(result.panel)} of {len(people)}; minimum probability {dist.min_probability:.6f}; "
        f"record written to {args.out}",
        file=sys.stderr,
    )
    return 0


def _cmd_verify(args) -> int:
    try:
        record = json.loads(Path(args.record).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SortitionError(f"cannot read draw record {args.record}: {exc}") from None
    if not isinstance(record, dict):
        raise SortitionError("draw record is not a JSON object")
    inputs = args.inputs
    if record.get("stage") == 1:
        if len(inputs) != 1:
            raise SortitionError("verify of a stage-1 record needs POPULATION.csv")
        result = verify_record(record, population=read_population_csv(inputs[0]))
    elif record.get("stage") == 2:
        if len(inputs) not in (0, 2):
            raise SortitionError("verify of a stage-2 record needs CATEGORIES.csv RESPONDENTS.csv")
        kwargs = {}
        if inputs:
            quotas, people = _load_stage2(inputs[0], inputs[1])
            kwargs = {"respondents": people, "quotas": quotas}
        result = verify_record(record, **kwargs)
    else:
        raise SortitionError(f"draw record has unknown stage {record.get('stage')!r}")
    if result.ok:
        print("match")
        return 0
    print("mismatch")
    for diff in result.differences:
        print(f"- {diff}")
    return 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="meedoen-sortition", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    def stage2_args(p, seed_required: bool):
        p.add_argument("categories", metavar="CATEGORIES.csv")
        p.add_argument("respondents", metavar="RESPONDENTS.csv")
        p.add_argument("--panel-size", "-k", type=int, required=True)
        p.add_argument("--algorithm", choices=["leximin", "legacy"], default="leximin")
        p.add_argument("--seed", required=seed_required, help="public seed (legacy: required)")

    p = sub.add_parser("leximin", help="selection probabilities of every respondent")
    stage2_args(p, False)
    p.add_argument("--samples", type=int, default=10_000, help="legacy: panels to sample")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_distribution)

    p = sub.add_parser("stage1", help="draw invitations from the population file")
    p.add_argument("population", metavar="POPULATION.csv")
    p.add_argument("--invitations", "-n", type=int, required=True)
    p.add_argument("--seed", required=True)
    p.add_argument("--min-age", type=int)
    p.add_argument("--reference-year", type=int)
    p.add_argument("--out", help="write the draw record (JSON) here")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_stage1)

    p = sub.add_parser("draw", help="draw a panel and write a verifiable record")
    stage2_args(p, True)
    p.add_argument("--out", required=True, metavar="DRAW.json")
    p.set_defaults(func=_cmd_draw)

    p = sub.add_parser("verify", help="re-run a published draw: match or mismatch")
    p.add_argument("record", metavar="DRAW.json")
    p.add_argument("inputs", nargs="*", metavar="INPUT.csv")
    p.set_defaults(func=_cmd_verify)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except SortitionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
