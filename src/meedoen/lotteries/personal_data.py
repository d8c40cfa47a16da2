"""What the lotteries hold about a signed-in person, for 'Mijn gegevens'.

Nothing: invitations are not linked to accounts. People answer with the code from their
letter, without logging in, so a DigiD account never connects to a lottery invitation.
"""


def sections(user) -> list[dict]:
    return []
