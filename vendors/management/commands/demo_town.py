"""``manage.py demo_town``: build the demo inner city of Forst on an empty database.

Used by ``make run``. Refused where ``settings.DEMO_ALLOWED`` is off (production). All demo
accounts share one password: ``DEMO_PASSWORD`` if set, else a random one per database, printed
and kept in ``settings.DEMO_CREDENTIALS_FILE`` (readable by its owner only).
"""

import secrets
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cms.demo import demo_pages_create
from vendors.demo.town import demo_town_create
from vendors.models import Vendor


class Command(BaseCommand):
    help = "Build the demo town (shops, products, pages, accounts) on an empty database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (but show the demo accounts) when shops exist already.",
        )

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_ALLOWED", False):
            raise CommandError("The demo town is not built with these settings (DEMO_ALLOWED).")
        credentials = settings.DEMO_CREDENTIALS_FILE
        if Vendor.objects.exists():
            if not options["if_empty"]:
                raise CommandError(
                    "The database has shops already; the demo town is only built on an empty "
                    "one (`make clean` removes the demo database)."
                )
            self.stdout.write("Demo town exists already.")
            if credentials.exists():
                self.stdout.write(credentials.read_text())
            return

        password = settings.DEMO_PASSWORD or secrets.token_urlsafe(9)
        started = time.monotonic()
        with transaction.atomic():
            town = demo_town_create(password=password)
            pages = demo_pages_create()
        lines = [
            "Demo accounts (log in at /accounts/login/, the dashboard at /dashboard/, "
            "the CMS at /cms/):",
            *(f"  {account.email:<44} {account.role}" for account in town.accounts),
            f"  password for all of them: {password}",
        ]
        credentials.parent.mkdir(parents=True, exist_ok=True)
        credentials.touch(mode=0o600)
        credentials.write_text("\n".join(lines) + "\n")
        self.stdout.write(
            f"Demo town built in {time.monotonic() - started:.1f} s: {len(town.shops)} shops, "
            f"{town.products} products, {pages} pages."
        )
        self.stdout.write("\n".join(lines))
