"""How LEXIMIN gets its answer on many small generated pools, and how long it takes.

Usage: python bench/sortition_small_pools.py [--seeds 40]

For each pool shape it counts the paths: peeling alone, peeling completed by column
generation, or the relaxation's point not attainable (stages of Flanigan et al.), with the
time range of each path.  Small panels are where the LP relaxation is least often exact.
"""

import argparse
import time
from collections import defaultdict

from meedoen.sortition.errors import InfeasibleQuotasError
from meedoen.sortition.generator import generate_instance
from meedoen.sortition.leximin import leximin
from meedoen.sortition.quotas import compile_instance

SHAPES = [(40, 6, 0.3), (80, 10, 0.2), (150, 15, 0.1)]


def path(stats: dict) -> str:
    if stats["method"] == "stages":
        return "stages"
    return "peeling" if stats["decompose_iterations"] == 1 else "peeling+colgen"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=40)
    args = parser.parse_args()
    print(f"{'n':>4} {'k':>3} {'households':>10}  path: pools, seconds min–max")
    for n, k, share in SHAPES:
        times: dict[str, list[float]] = defaultdict(list)
        for seed in range(args.seeds):
            people, quotas = generate_instance(n=n, k=k, seed=seed, household_share=share)
            inst = compile_instance(people, quotas, k)
            stats: dict = {}
            start = time.perf_counter()
            try:
                leximin(inst, stats=stats)
            except InfeasibleQuotasError:
                times["infeasible"].append(time.perf_counter() - start)
                continue
            times[path(stats)].append(time.perf_counter() - start)
        summary = ", ".join(
            f"{name}: {len(t)}, {min(t):.2f}–{max(t):.2f} s" for name, t in sorted(times.items())
        )
        print(f"{n:>4} {k:>3} {share:>10.0%}  {summary}", flush=True)


if __name__ == "__main__":
    main()
