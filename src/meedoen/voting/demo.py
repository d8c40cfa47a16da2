"""Demo data of this app."""


def load(stdout) -> None:
    return None
