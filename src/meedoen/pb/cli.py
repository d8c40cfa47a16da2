"""``meedoen-pb``: recount a published participatory-budgeting vote from its Pabulib file.

    meedoen-pb count FILE.pb [--rule greedy|greedy-no-skip|greedy-threshold|mes]
                             [--completion none|greedy|add1] [--comparison]
                             [--tie-break id|lottery --seed N] [--json] [--lenient]

Without ``--rule`` the rule named in the file's META is used.  Errors (missing or malformed
file, unknown rule) print one line to stderr and exit with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .counting import COMPLETIONS, RULES, count, rule_from_meta
from .explain import render_text
from .pabulib import PabulibError, read_pb


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="meedoen-pb", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("count", help="count a .pb file and explain the outcome")
    c.add_argument("file")
    c.add_argument("--rule", choices=RULES, default=None, help="default: the file's META rule")
    c.add_argument("--completion", choices=COMPLETIONS, default=None, help="MES completion")
    c.add_argument("--comparison", action="store_true", help="MES: add the comparison step")
    c.add_argument("--tie-break", choices=("id", "lottery"), default="id")
    c.add_argument("--seed", type=int, default=None, help="seed for --tie-break lottery")
    c.add_argument("--json", action="store_true", help="print JSON instead of text")
    c.add_argument(
        "--lenient",
        action="store_true",
        help="count a project listed twice in one approval vote once instead of failing",
    )
    return parser


def _fail(message: str) -> int:
    print(f"meedoen-pb: error: {message}", file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed its one-line message
        return int(exc.code or 0) and 2
    try:
        instance = read_pb(args.file, strict=not args.lenient)
    except FileNotFoundError:
        return _fail(f"{args.file}: no such file")
    except (OSError, UnicodeDecodeError) as exc:
        return _fail(f"{args.file}: {exc}")
    except PabulibError as exc:
        return _fail(f"{args.file}: {exc}")
    try:
        if args.rule is None:
            rule, completion, comparison = rule_from_meta(instance)
            completion = args.completion or completion
            comparison = comparison or args.comparison
        else:
            rule = args.rule
            completion = args.completion or ("add1" if rule == "mes" else "none")
            comparison = args.comparison
        if args.tie_break == "lottery" and args.seed is None:
            return _fail("--tie-break lottery needs --seed N")
        result = count(
            instance,
            rule=rule,
            completion=completion,
            comparison=comparison,
            tie_break=args.tie_break,
            seed=args.seed,
        )
    except ValueError as exc:
        return _fail(str(exc))
    if args.json:
        print(json.dumps(result.to_json_dict(), ensure_ascii=False, indent=2))
    else:
        for w in instance.warnings:
            print(f"warning: {w}", file=sys.stderr)
        sys.stdout.write(render_text(result))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
