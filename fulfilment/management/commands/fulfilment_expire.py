"""``manage.py fulfilment_expire``: expire overdue parts and send the reminders that are due.

Run it from cron or a systemd timer, e.g. every 15 minutes. Running it twice, or while another
run is going on, changes nothing more: each part expires once and each reminder goes out once.
It also sends order confirmations that a crash lost (placed 5 minutes to 7 days ago).
"""

from django.core.management.base import BaseCommand

from fulfilment.tasks import fulfilments_housekeeping


class Command(BaseCommand):
    help = "Expire parts not collected in time and remind residents of parts about to expire."

    def handle(self, *args, **options):
        result = fulfilments_housekeeping()
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"expired: {result.expired}, reminded: {result.reminded}, "
                f"confirmations sent again: {result.confirmed}"
            )
