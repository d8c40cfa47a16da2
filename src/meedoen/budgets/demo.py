"""Demo data of the budgets context (rounds, groups, initiatives, ballots)."""


def load(stdout) -> None:
    return None
