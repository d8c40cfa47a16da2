def sections(user) -> list[dict]:
    """What this app holds about the person, for Mijn gegevens.

    Nothing: children's applications (first name, group, age, school) are entered by staff and
    are not linked to any account; votes are cast with codes and never linked to anyone.
    """
    return []
