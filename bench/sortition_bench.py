"""Sortition benchmark: our LEXIMIN and legacy vs. the Sortition Foundation's package.

    .venv/bin/python bench/sortition_bench.py [--sf-timeout 120] [--our-timeout 900]
        [--legacy-samples 1000] [--skip-sfe]

For example_small_20, example_large_200 (public, from Flanigan et al.'s replication
package) and a generated sf_e-sized instance (n=1727, k=110, 7 categories, households;
``meedoen.sortition.generator``), prints our LEXIMIN runtime and minimum probability, the
legacy algorithm's estimated minimum, and the ``sortition-algorithms`` maximin (HiGHS)
measured in a subprocess with a time limit ("did not finish" when it runs out).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = (ROOT / ".." / "shared" / "data" / "sortition").resolve()
OURS = r"""
import json, sys, time
from meedoen.sortition import find_distribution, read_categories_csv, read_respondents_csv
quotas = read_categories_csv(sys.argv[1])
people = read_respondents_csv(sys.argv[2], quotas)
k = int(sys.argv[3])
start = time.perf_counter()
d = find_distribution(people, quotas, k)
seconds = time.perf_counter() - start
out = {"min_probability": d.min_probability, "gini": d.gini, "seconds": seconds,
       "support": len(d.class_panels), "classes": len(d.inst.classes)}
try:
    start = time.perf_counter()
    leg = find_distribution(people, quotas, k, "legacy", seed="bench", samples=int(sys.argv[4]))
    out.update(legacy_min=leg.min_probability, legacy_seconds=time.perf_counter() - start)
except Exception as exc:
    out.update(legacy_error=str(exc)[:120])
print(json.dumps(out))
"""


def run(cmd: list[str], timeout: float) -> dict | None:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1][:160]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sf-timeout", type=float, default=120.0)
    parser.add_argument("--our-timeout", type=float, default=900.0)
    parser.add_argument("--legacy-samples", type=int, default=1000)
    parser.add_argument("--skip-sfe", action="store_true")
    args = parser.parse_args()

    instances = [
        ("example_small_20", DATA / "example_small_20", 20, "10.0% (Gurobi 2.7 s)"),
        ("example_large_200", DATA / "example_large_200", 200, "10.0% (Gurobi 1161.8 s)"),
    ]
    tmp = Path(tempfile.mkdtemp(prefix="sortition-bench-"))
    if not args.skip_sfe:
        from meedoen.sortition import write_respondents_csv
        from meedoen.sortition.generator import generate_instance

        people, quotas = generate_instance()
        d = tmp / "generated_sfe"
        d.mkdir()
        write_respondents_csv(people, d / "respondents.csv")
        lines = ["category,feature,min,max"] + [
            f"{q.category},{q.value},{q.min},{q.max}" for q in quotas
        ]
        (d / "categories.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        instances.append(("generated sf_e-like", d, 110, "sf_e: 2.6% (Gurobi 4011.6 s)"))

    py = sys.executable
    print(
        f"{'instance':22} {'n':>5} {'k':>4}  {'ours LEXIMIN':>24}  {'legacy est. min':>16}  {'SF maximin (HiGHS)':>24}  reference"
    )
    for name, d, k, ref in instances:
        cats, resp = str(d / "categories.csv"), str(d / "respondents.csv")
        n = len(Path(resp).read_text(encoding="utf-8").strip().splitlines()) - 1
        ours = run([py, "-c", OURS, cats, resp, str(k), str(args.legacy_samples)], args.our_timeout)
        if ours is None:
            ours_txt, legacy_txt = f"did not finish in {args.our_timeout:.0f} s", "-"
        elif "error" in ours:
            ours_txt, legacy_txt = ours["error"], "-"
        else:
            ours_txt = f"{ours['min_probability']:.4%} in {ours['seconds']:.2f} s"
            legacy_txt = (
                f"{ours['legacy_min']:.2%}"
                if "legacy_min" in ours
                else f"failed: {ours['legacy_error'][:40]}"
            )
        sf = run(
            [py, str(ROOT / "bench" / "sortition_sf_worker.py"), cats, resp, str(k)],
            args.sf_timeout,
        )
        if sf is None:
            sf_txt = f"did not finish in {args.sf_timeout:.0f} s"
        elif "error" in sf:
            sf_txt = sf["error"][:40]
        else:
            sf_txt = f"{sf['min_probability']:.4%} in {sf['seconds']:.1f} s"
        print(
            f"{name:22} {n:>5} {k:>4}  {ours_txt:>24}  {legacy_txt:>16}  {sf_txt:>24}  {ref}",
            flush=True,
        )


if __name__ == "__main__":
    main()
