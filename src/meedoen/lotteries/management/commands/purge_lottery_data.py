from django.core.management.base import BaseCommand

from meedoen.lotteries.services import purge_finished_panels


class Command(BaseCommand):
    help = "Clears personal data of lottery panels that ended three months ago (run daily)."

    def handle(self, *args, **options):
        cleared = purge_finished_panels()
        self.stdout.write(f"Cleared personal data of {cleared} invitation(s).")
