"""Demo data: partners in Deventer, a partner account, and vouchers of a co-owners' meeting.

Idempotent: running it twice changes nothing. The demo voucher codes are fixed (and printed)
so that they can be tried on the website; real codes are random.
"""

import base64
import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from meedoen import paper_codes as codes
from meedoen.accounts.models import User
from meedoen.districts.models import District
from meedoen.lotteries.models import Panel
from meedoen.shares import services
from meedoen.shares.models import Partner, PartnerMember, Voucher, VoucherRedemption

PARTNERS = [
    (
        "Bakkerij De Brink",
        "Brink 31, 7411 BV Deventer",
        "01",
        "Een Deventer koek of een brood naar keuze.",
    ),
    (
        "Bibliotheek Deventer",
        "Stromarkt 18, 7411 PL Deventer",
        "01",
        "Een jaar gratis lid, of een cursus naar keuze.",
    ),
    ("Zwembad De Scheg", "Piet van Donkplein 1, 7422 LG Deventer", "10", "Tien keer vrij zwemmen."),
    (
        "Buurtcafé De Keizer",
        "Keizer Karelplein 4, 7415 AA Deventer",
        "06",
        "Koffie en gebak voor twee personen.",
    ),
]
PARTNER_LOGIN = (
    "bakker",
    "Bram",
    "Bakker",
    "Bakkerij De Brink",
    "7172737475767778797a7b7c7d7e7f8081828384",
)
# Fixed demo codes (letters of the code alphabet only); the first one is already used.
DEMO_CODES = [
    "DEVE-NTER-BRNK",
    "DEVE-NTER-HANZ",
    "DEVE-NTER-KWAK",
    "DEVE-NTER-SPRT",
    "DEVE-NTER-MAGY",
]
FIRST_NAMES = ["Fatima", "Jan", "Ilse", "Mehmet", "Anna"]


@transaction.atomic
def load(stdout) -> None:
    from meedoen.demo.staff import DEMO_PASSWORD

    partners = {}
    for name, address, number, offer in PARTNERS:
        partners[name], _ = Partner.objects.get_or_create(
            name=name,
            defaults={
                "address": address,
                "district": District.objects.filter(number=number).first(),
                "offer": offer,
            },
        )
    username, first, last, partner_name, key = PARTNER_LOGIN
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "kind": User.Kind.STAFF},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    PartnerMember.objects.get_or_create(user=user, defaults={"partner": partners[partner_name]})
    TOTPDevice.objects.update_or_create(
        user=user, name="demo", defaults={"key": key, "confirmed": True}
    )

    panel = Panel.objects.filter(kind=Panel.Kind.COOWNERS).order_by("created_at").first()
    if panel is None:
        panel = Panel.objects.create(
            kind=Panel.Kind.COOWNERS,
            title="Mede-eigenarenbijeenkomst: Deventer in 2040",
            slug="mede-eigenaren-deventer-2040",
            topic="Hoe ziet Deventer eruit in 2040, en wat doen we nu al?",
            place="Stadhuis Deventer, Grote Kerkhof 4",
            panel_size=40,
        )
    today = timezone.localdate()
    if not Voucher.objects.filter(panel=panel).exists():
        for code, name in zip(DEMO_CODES, FIRST_NAMES, strict=True):
            Voucher.objects.create(
                panel=panel,
                first_name=name,
                value=Decimal("25.00"),
                valid_from=today - dt.timedelta(days=14),
                valid_until=today + dt.timedelta(days=180),
                code_hash=codes.code_hash(code, services.PURPOSE),
            )
    first = Voucher.objects.get(code_hash=codes.code_hash(DEMO_CODES[0], services.PURPOSE))
    if not VoucherRedemption.objects.filter(voucher=first).exists():
        services.redeem(user, partners[partner_name], DEMO_CODES[0])
    stdout.write(
        f"Mede-aandeel: partner login '{username}' "
        f"(TOTP key {base64.b32encode(bytes.fromhex(key)).decode()}); "
        f"demo voucher codes {', '.join(DEMO_CODES)} (the first is already used)."
    )
