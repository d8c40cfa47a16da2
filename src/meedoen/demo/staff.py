"""Demo staff accounts, each with a known password and TOTP key (development only)."""

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from meedoen.accounts.models import RoleAssignment, User
from meedoen.districts.models import District

Role = RoleAssignment.Role
DEMO_PASSWORD = "meedoen-demo-2026"
# 20-byte TOTP keys in hex; base32 of each is printed so an authenticator app can add it.
DEMO_STAFF = [
    (
        "beheerder",
        "Bea",
        "Beheer",
        Role.ADMINISTRATOR,
        [],
        "3132333435363738393031323334353637383930",
    ),
    (
        "wijkmanager",
        "Wim",
        "Wijkman",
        Role.WIJKMANAGER,
        ["06", "07"],
        "4142434445464748494a4b4c4d4e4f5051525354",
    ),
    (
        "opbouwwerker",
        "Olga",
        "Opbouw",
        Role.WIJKOPBOUWWERKER,
        ["06", "07"],
        "6162636465666768696a6b6c6d6e6f7071727374",
    ),
    (
        "wethouder",
        "Wout",
        "Wethouder",
        Role.WIJKWETHOUDER,
        ["06", "07"],
        "3031323334353637383941424344454647484950",
    ),
    (
        "moderator",
        "Mo",
        "Moderator",
        Role.MODERATOR,
        [],
        "5152535455565758595a3132333435363738394a",
    ),
]


@transaction.atomic
def load_staff() -> list[tuple[str, str, str]]:
    import base64

    rows = []
    for username, first, last, role, district_numbers, key in DEMO_STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "kind": User.Kind.STAFF,
                "is_staff": True,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_superuser = role == Role.ADMINISTRATOR
            user.save()
        assignment, _ = RoleAssignment.objects.get_or_create(user=user, role=role)
        if district_numbers:
            assignment.districts.set(District.objects.filter(number__in=district_numbers))
        TOTPDevice.objects.update_or_create(
            user=user, name="demo", defaults={"key": key, "confirmed": True}
        )
        rows.append((username, role.label, base64.b32encode(bytes.fromhex(key)).decode()))
    return rows
