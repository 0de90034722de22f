"""``manage.py search_index``: rebuild the search indexes, or index what is pending.

    manage.py search_index --rebuild            # every configured backend, from the catalogue
    manage.py search_index --rebuild --backend elasticsearch
    manage.py search_index --pending            # drain the outbox (cron, or after an outage)
    manage.py search_index                      # show documents per backend and pending count

A rebuild of Elasticsearch fills a new index and swaps the alias when it is complete; the
database backend rebuilds in one transaction. Searches keep answering meanwhile. One rebuild
per backend runs at a time (``search.locks``); a second one stops at once with an error.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from search import indexing
from search.backends import all_backends
from search.backends.base import SearchBackendError
from search.locks import RebuildRunning
from search.models import PendingUpdate


class Command(BaseCommand):
    help = "Rebuild the search indexes or index the pending products."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Rebuild from the catalogue.")
        parser.add_argument("--pending", action="store_true", help="Index pending products.")
        parser.add_argument("--backend", help="Only this backend alias (with --rebuild).")

    def handle(self, *args, rebuild=False, pending=False, backend=None, **options):
        aliases = [search_backend.name for search_backend in all_backends()]
        if backend and backend not in aliases:
            raise CommandError(f"Unknown search backend {backend!r}; configured: {aliases}")
        try:
            if rebuild:
                for alias in [backend] if backend else aliases:
                    started = time.monotonic()
                    try:
                        count = indexing.rebuild(alias)[alias]
                    except RebuildRunning:
                        raise CommandError(
                            f"A rebuild of the search backend {alias!r} is already running; "
                            "nothing was changed. Try again when it has finished."
                        ) from None
                    seconds = time.monotonic() - started
                    self.stdout.write(f"{alias}: {count} products indexed in {seconds:.1f} s")
            if pending or rebuild:
                done = indexing.index_pending()
                self.stdout.write(f"pending: {done} products indexed")
            if not (rebuild or pending):
                for search_backend in all_backends():
                    self.stdout.write(f"{search_backend.name}: {search_backend.count()} products")
                self.stdout.write(f"pending: {PendingUpdate.objects.count()} products")
        except SearchBackendError as error:
            raise CommandError(f"Search backend failed: {error}") from error
