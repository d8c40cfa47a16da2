def sections(user) -> list[dict]:
    """What this app holds about the person, for Mijn gegevens."""
    return []
