"""Benchmark of the meedoen.pb engine against pabutools 1.2.3 on the largest Pabulib files.

    .venv/bin/python bench/pb_bench.py            # Warszawa 2026, Amsterdam 621, Wieliczka 2023
    .venv/bin/python bench/pb_bench.py --quick    # skip pabutools on Warszawa 2026
    .venv/bin/python bench/pb_bench.py --full     # also pabutools add1 on every file (slow!)
    .venv/bin/python bench/pb_bench.py --no-pabutools-add1   # pabutools MES only (~45 s)

Prints parse time, count time and ratios (medians of several runs: the machine is shared, so
single figures are noisy), whether the winners are identical, and whether add1 (float-screened
intermediate steps, see ``meedoen.pb.mes``) gives exactly the step-by-step loop's run (full
exact MES at every step).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from meedoen.pb import count, read_pb
from meedoen.pb.counting import _mes_runner, add1, add1_stepwise
from meedoen.pb.tiebreak import tie_ranks

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "pabulib"
FILES = [
    "Poland_Warszawa_2026.pb",
    "Netherlands_Amsterdam_621.pb",
    "Poland_Wieliczka_2023_Green_Budget.pb",
]


def timed(fn, repeat=1):
    """Median wall time of ``repeat`` calls, and the last result."""
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def official(inst):
    if not any("selected" in p.extra for p in inst.projects):
        return None
    return {p.id for p in inst.projects if p.extra.get("selected", "").strip() == "1"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="no pabutools on Warszawa 2026")
    ap.add_argument("--full", action="store_true", help="pabutools add1 on every file (hours)")
    ap.add_argument("--repeat", type=int, default=7, help="runs per timing (median)")
    ap.add_argument(
        "--no-pabutools-add1", action="store_true", help="skip pabutools add1 (Wieliczka: ~3 min)"
    )
    args = ap.parse_args()
    rep = args.repeat
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import (
        completion_by_rule_combination,
        exhaustion_by_budget_increase,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )

    for name in FILES:
        path = DATA / name
        print(f"== {name}")
        t_parse, inst = timed(lambda path=path: read_pb(path), repeat=rep)
        print(f"  ours      parse {t_parse * 1000:9.1f} ms   ({inst.n_voters} voters)")
        rank = tie_ranks(inst.project_ids)
        run = _mes_runner(inst, rank, "fast")
        t_mes, mes_run = timed(lambda run=run, inst=inst: run(inst.budget), repeat=rep)
        ours_mes = {inst.project_ids[j] for j in mes_run.selected}
        print(f"  ours      MES (no completion) count {t_mes * 1000:9.1f} ms")
        t_add1, res = timed(
            lambda path=path: count(read_pb(path), rule="mes", completion="add1"), repeat=rep
        )
        print(
            f"  ours      MES add1 incl. parse {t_add1:8.3f} s   "
            f"({res.details['add1_steps']} steps, {len(res.selected)} winners)"
        )
        cands = sum(1 for c, s in zip(inst.costs, inst.approval_counts(), strict=True) if c and s)
        a1 = (inst.budget, inst.n_voters, inst.costs, cands)
        fast, k_fast = add1(run, *a1)
        t_step, (ref, k_ref) = timed(lambda run=run, a1=a1: add1_stepwise(lambda t: run(t), *a1))
        same = (
            k_fast == k_ref
            and fast.selected == ref.selected
            and [p.rho for p in fast.purchases] == [p.rho for p in ref.purchases]
            and fast.available == ref.available
        )
        print(
            f"  ours      add1 step-by-step loop (full runs) {t_step:6.2f} s   "
            f"{'IDENTICAL' if same else 'DIFFERENT'} to add1 ({k_fast} steps)"
        )
        off = official(inst)
        if off is not None:
            meta_res = count(inst, rule=None)
            print(
                f"  official  rule {inst.meta.get('rule')!r}: ours {meta_res.rule} "
                f"{'IDENTICAL' if set(meta_res.selected) == off else 'DIFFERENT'} to `selected`"
            )
        if args.quick and name == "Poland_Warszawa_2026.pb":
            print("  pabutools skipped (--quick)")
            continue
        t_pp, (pinst, prof) = timed(lambda path=path: parse_pabulib(str(path)))
        print(f"  pabutools parse {t_pp * 1000:9.1f} ms   ratio {t_pp / t_parse:8.1f}x")
        t_pm, pm = timed(
            lambda pinst=pinst, prof=prof: method_of_equal_shares(pinst, prof, sat_class=Cost_Sat)
        )
        same = {p.name for p in pm} == ours_mes
        print(
            f"  pabutools MES count {t_pm:8.2f} s   ratio {t_pm / t_mes:8.0f}x   winners "
            f"{'IDENTICAL' if same else 'DIFFERENT'}"
        )
        if args.full or (inst.n_voters < 10000 and not args.no_pabutools_add1):
            n = prof.num_ballots()
            params = {
                "rule": method_of_equal_shares,
                "rule_params": {"sat_class": Cost_Sat},
                "budget_step": n,
                "exhaustive_stop": False,
            }
            t_pa, pa = timed(
                lambda pinst=pinst, prof=prof, params=params: completion_by_rule_combination(
                    pinst,
                    prof,
                    [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
                    [params, {"sat_class": Cost_Sat}],
                )
            )
            same = {p.name for p in pa} == set(res.selected)
            print(
                f"  pabutools MES add1 {t_pa:8.2f} s   ratio {t_pa / t_add1:8.1f}x   winners "
                f"{'IDENTICAL' if same else 'DIFFERENT'}"
            )


if __name__ == "__main__":
    main()
