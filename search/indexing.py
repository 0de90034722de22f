"""Keeping the search indexes current: mark changed products, index them after the commit.

``products_changed(ids)`` records the products in the ``PendingUpdate`` outbox inside the
caller's transaction, and after the commit enqueues ``search.tasks.index_pending_task`` (one
per transaction). The task indexes the pending products in batches into every configured
backend and removes them from the outbox; a product that is no longer visible (deleted, hidden,
its shop suspended) is removed from the indexes. When a backend fails, the products stay
pending and the next run (or ``manage.py search_index --pending``) tries again, so nothing is
lost while Elasticsearch is down. The request never waits for a search engine.

Signals cover saves of products, stock records, product categories, shops and categories.
Stock moves that bypass ``save()`` (Oscar's allocations are ``UPDATE`` statements) call
``products_changed`` where they happen.
"""

import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from oscar.core.loading import get_model

from search import documents
from search.backends import all_backends
from search.backends.base import SearchBackendError
from search.locks import rebuild_lock
from search.models import PendingUpdate

logger = logging.getLogger("search")

BATCH_SIZE = 500
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")


def products_changed(product_ids) -> None:
    """Queue these products for re-indexing once the current transaction commits."""
    ids = {int(pk) for pk in product_ids if pk is not None}
    if not ids:
        return
    now = timezone.now()
    PendingUpdate.objects.bulk_create(
        [PendingUpdate(product_id=pk, queued_at=now) for pk in sorted(ids)],
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["product_id"],
        update_fields=["queued_at"],
    )
    # One task per transaction: skip if this transaction already has one waiting.
    waiting = transaction.get_connection().run_on_commit
    if not any(isinstance(entry[1], _IndexAfterCommit) and not entry[1].done for entry in waiting):
        transaction.on_commit(_IndexAfterCommit(), robust=True)


def vendor_changed(vendor) -> None:
    """A shop's name, status or online sale changed: all its products."""
    if vendor.partner_id:
        products_changed(
            StockRecord.objects.filter(partner_id=vendor.partner_id).values_list(
                "product_id", flat=True
            )
        )


def category_changed(category) -> None:
    """A category was renamed or moved: the products in it and below it."""
    products_changed(
        ProductCategory.objects.filter(category__path__startswith=category.path).values_list(
            "product_id", flat=True
        )
    )


class _IndexAfterCommit:
    """Enqueues the indexing task once the transaction has committed."""

    def __init__(self):
        self.done = False

    def __call__(self) -> None:
        self.done = True
        from search.tasks import index_pending_task

        index_pending_task.enqueue()


def index_pending(*, limit: int | None = None) -> int:
    """Index pending products into every backend; returns how many were done.

    A batch leaves the outbox only when every backend took it; a product changed again while
    its batch was indexed stays pending (its ``queued_at`` is newer).
    """
    done = 0
    backends = all_backends()
    # Changes queued after the start are left to the task their own commit enqueued.
    started = timezone.now()
    while limit is None or done < limit:
        batch = list(
            PendingUpdate.objects.filter(queued_at__lte=started)
            .order_by("queued_at", "product_id")
            .values_list("product_id", "queued_at")[:BATCH_SIZE]
        )
        if not batch:
            break
        ids = [pk for pk, _queued in batch]
        docs, missing = documents.documents_for(ids)
        try:
            for search_backend in backends:
                search_backend.index(docs)
                search_backend.delete(missing)
        except SearchBackendError as error:
            logger.warning("Search indexing failed, %d products stay pending: %s", len(ids), error)
            break
        stale = Q()
        for pk, queued_at in batch:
            stale |= Q(product_id=pk, queued_at__lte=queued_at)
        PendingUpdate.objects.filter(stale).delete()
        done += len(ids)
    return done


def rebuild(alias: str | None = None) -> dict[str, int]:
    """Rebuild the index of one backend (or all) from the catalogue; returns counts per alias.

    Products changed during the rebuild stay pending and are indexed afterwards. A backend that
    another process is rebuilding raises ``search.locks.RebuildRunning`` (nothing is touched).
    """
    counts = {}
    for search_backend in all_backends():
        if alias is None or search_backend.name == alias:
            with rebuild_lock(search_backend.name):
                counts[search_backend.name] = search_backend.rebuild(documents.document_batches())
    return counts
