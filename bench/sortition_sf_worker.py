"""Benchmark helper: run the Sortition Foundation's ``sortition-algorithms`` maximin (HiGHS).

Usage: python bench/sortition_sf_worker.py CATEGORIES.csv RESPONDENTS.csv K
Prints one JSON line {"min_probability": ..., "seconds": ...}.  Run by
``bench/sortition_bench.py`` in a subprocess with a time limit.
"""

import csv
import json
import sys
import time

from sortition_algorithms.committee_generation.maximin import find_distribution_maximin
from sortition_algorithms.features import read_in_features
from sortition_algorithms.people import read_in_people
from sortition_algorithms.settings import Settings


def main() -> None:
    cats, resp, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(cats, encoding="utf-8") as f:
        rows = [
            {"feature": r["category"], "value": r["feature"], "min": r["min"], "max": r["max"]}
            for r in csv.DictReader(f)
        ]
    features, _, _ = read_in_features(["feature", "value", "min", "max"], rows, k)
    with open(resp, encoding="utf-8") as f:
        reader = csv.DictReader(f)
        head = list(reader.fieldnames or [])
        body = list(reader)
    if "id" not in head:
        head = ["id", *head]
        for i, row in enumerate(body, start=1):
            row["id"] = str(i)
    address = ["household"] if "household" in head else []
    for row in body:  # people living alone: an empty cell is not one shared address
        if address and not row["household"]:
            row["household"] = f"alone-{row['id']}"
    settings = Settings(
        id_column="id",
        columns_to_keep=[],
        check_same_address=bool(address),
        check_same_address_columns=address,
        selection_algorithm="maximin",
        solver_backend="highspy",
    )
    people, _ = read_in_people(head, body, features, settings)
    start = time.perf_counter()
    committees, probs, _ = find_distribution_maximin(features, people, k, address, "highspy")
    seconds = time.perf_counter() - start
    marginal = dict.fromkeys(people, 0.0)
    for committee, p in zip(committees, probs, strict=True):
        for person in committee:
            marginal[person] += p
    print(json.dumps({"min_probability": min(marginal.values()), "seconds": seconds}))


if __name__ == "__main__":
    main()
