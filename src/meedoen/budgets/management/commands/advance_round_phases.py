from django.core.management.base import BaseCommand

from meedoen.budgets.services import advance_due_phases


class Command(BaseCommand):
    help = (
        "Moves budget rounds with automatic phases to the phase their dates say (run from cron;"
        " running it twice changes nothing)."
    )

    def handle(self, *args, **options):
        moved = advance_due_phases()
        for budget_round, previous, phase in moved:
            self.stdout.write(f"{budget_round.slug}: {previous} -> {phase}")
        self.stdout.write(f"{len(moved)} round(s) moved.")
