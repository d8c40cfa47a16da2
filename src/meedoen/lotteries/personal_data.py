def sections(user) -> list[dict]:
    return []
