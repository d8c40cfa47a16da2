"""Demo data of the lotteries context (panels, a finished draw)."""


def load(stdout) -> None:
    return None
