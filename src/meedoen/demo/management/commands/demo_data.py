import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from meedoen.demo.staff import DEMO_PASSWORD, load_staff
from meedoen.districts.models import Municipality
from meedoen.districts.services import import_demo_postcodes, load_deventer

# Order matters: voting needs rounds, shares need panels.
DEMO_APPS = ["budgets", "voting", "lotteries", "shares", "kinderraad"]


class Command(BaseCommand):
    help = "Loads Deventer demo data (idempotent). Refuses to run in production."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print logins.")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is only for development (MEEDOEN_DEBUG=1).")
        load_deventer()
        municipality = Municipality.objects.get(cbs_code="GM0150")
        import_demo_postcodes(municipality)
        staff = load_staff()
        # Demo steps that notify people (lottery results, review outcomes) mail nobody real.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            for app in DEMO_APPS:
                importlib.import_module(f"meedoen.{app}.demo").load(self.stdout)
        if options["quiet_logins"]:
            return
        self.stdout.write(self.style.SUCCESS("\nMeedoen demo data is ready."))
        self.stdout.write(
            "Residents: log in with the test DigiD at /inloggen/ (pick a test person)."
        )
        self.stdout.write(f"Staff accounts (password for all: {DEMO_PASSWORD}):")
        for username, role, secret in staff:
            self.stdout.write(f"  {username:<14} {role:<24} TOTP key {secret}")
        self.stdout.write(
            "The second factor: add a TOTP key to an authenticator app, or print the current code "
            "with `make totp WHO=beheerder`.\n"
        )
