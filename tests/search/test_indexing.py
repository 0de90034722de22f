"""Incremental indexing: changes queue products in the outbox inside their transaction, and the
task after the commit indexes them into every backend; a failing backend loses nothing."""

import threading
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from oscar.core.loading import get_model

from search import indexing
from search.backends import get_backend
from search.backends.base import SearchQuery
from search.locks import RebuildRunning, rebuild_lock
from search.models import PendingUpdate
from tests.factories import VendorFactory, product_of
from tests.storefront.factories import category, product_in
from vendors.models import VendorStatus

Product = get_model("catalogue", "Product")
pytestmark = pytest.mark.django_db


def database_ids(text: str = "", **kwargs) -> list[int]:
    return get_backend("database").search(SearchQuery(text=text, **kwargs)).ids


def test_saving_a_product_queues_it_and_the_commit_indexes_it(django_capture_on_commit_callbacks):
    vendor = VendorFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        product = product_of(vendor, title="Rosenschere mit Bypass")
        assert PendingUpdate.objects.filter(product_id=product.pk).exists()
    assert len(callbacks) == 1  # one task per transaction, however many saves
    assert not PendingUpdate.objects.exists()
    assert database_ids("rosenschere") == [product.pk]


def test_without_a_commit_nothing_is_indexed_yet():
    product = product_of(VendorFactory(), title="Leinöl")
    assert PendingUpdate.objects.filter(product_id=product.pk).exists()
    assert database_ids("leinöl") == []  # the request does not wait for the index


def test_a_stock_change_updates_availability(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        product = product_of(VendorFactory(), title="Roggenbrot", stock__num_in_stock=0)
    assert database_ids("roggenbrot", available=True) == []
    with django_capture_on_commit_callbacks(execute=True):
        record = product.stockrecords.get()
        record.num_in_stock = 4
        record.save()
    assert database_ids("roggenbrot", available=True) == [product.pk]


def test_suspending_a_shop_removes_its_products(django_capture_on_commit_callbacks):
    vendor = VendorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        product_of(vendor, title="Kinderhelm")
        product_of(vendor, title="Fahrradschloss")
    assert len(database_ids()) == 2
    with django_capture_on_commit_callbacks(execute=True):
        vendor.status = VendorStatus.SUSPENDED
        vendor.save()
    assert database_ids() == []


def test_deleting_a_product_removes_it(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        product = product_of(VendorFactory(), title="Kerzenständer")
    with django_capture_on_commit_callbacks(execute=True):
        product.delete()
    assert database_ids("kerzenständer") == []
    assert not PendingUpdate.objects.exists()


def test_renaming_a_category_reindexes_its_products(django_capture_on_commit_callbacks):
    vendor = VendorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        garden = category("Garten")
        tools = category("Werkzeug", parent=garden)
        product = product_in(vendor, tools, title="Spaten")
    assert database_ids("gartengeräte") == []
    with django_capture_on_commit_callbacks(execute=True):
        garden.name = "Gartengeräte"
        garden.save()
    assert database_ids("gartengeräte") == [product.pk]


def test_a_product_changed_while_its_batch_is_indexed_stays_pending():
    product = product_of(VendorFactory(), title="Bügelschloss")
    queued = PendingUpdate.objects.get(product_id=product.pk).queued_at
    real_documents_for = indexing.documents.documents_for

    def change_meanwhile(ids):
        result = real_documents_for(ids)
        indexing.products_changed([product.pk])  # a newer change arrives during indexing
        return result

    indexing.documents.documents_for = change_meanwhile
    try:
        assert indexing.index_pending() == 1
    finally:
        indexing.documents.documents_for = real_documents_for
    pending = PendingUpdate.objects.get(product_id=product.pk)
    assert pending.queued_at > queued
    assert indexing.index_pending() == 1
    assert not PendingUpdate.objects.exists()


@override_settings(
    SEARCH_BACKENDS={
        "database": {"BACKEND": "search.backends.database.DatabaseBackend"},
        "elasticsearch": {
            "BACKEND": "search.backends.elasticsearch.ElasticsearchBackend",
            "URL": "http://127.0.0.1:9",  # nothing listens on the discard port
            "INDEX": "forst-unreachable",
            "TIMEOUT": 0.5,
            "PROFILE": "core",
            "FALLBACK": "database",
        },
    },
    SEARCH_BACKEND="elasticsearch",
)
def test_a_failing_backend_keeps_the_products_pending(caplog):
    product = product_of(VendorFactory(), title="Gartenschlauch 20 m")
    assert indexing.index_pending() == 0
    assert PendingUpdate.objects.filter(product_id=product.pk).exists()
    assert "stay pending" in caplog.text


@contextmanager
def lock_held_elsewhere(alias: str):
    """The rebuild lock of ``alias`` held by another thread, on its own database connection."""
    taken, release, failed = threading.Event(), threading.Event(), []

    def hold():
        try:
            with rebuild_lock(alias):
                taken.set()
                release.wait(30)
        except Exception as error:  # noqa: BLE001 (reported by the test)
            failed.append(error)
            taken.set()
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert taken.wait(30)
        assert not failed, failed
        yield
    finally:
        release.set()
        thread.join(30)


def test_a_second_rebuild_stops_at_once_and_changes_nothing(capsys):
    product = product_of(VendorFactory(), title="Blumenvase")
    call_command("search_index", "--rebuild")
    stale = product_of(VendorFactory(), title="Gießkanne")
    with lock_held_elsewhere("database"):
        with pytest.raises(CommandError, match="already running; nothing was changed"):
            call_command("search_index", "--rebuild")
        with pytest.raises(RebuildRunning):
            indexing.rebuild("database")
    assert database_ids("blumenvase") == [product.pk]
    assert database_ids("gießkanne") == []  # neither rebuild ran
    call_command("search_index", "--rebuild")  # the lock went with its holder
    assert database_ids("gießkanne") == [stale.pk]


def test_the_lock_is_released_when_the_rebuild_fails(monkeypatch):
    def broken(batches):
        raise RuntimeError("disk full")

    monkeypatch.setattr(get_backend("database"), "rebuild", broken)
    with pytest.raises(RuntimeError):
        indexing.rebuild("database")
    # Free again; and the lock is per backend.
    with rebuild_lock("database"), lock_held_elsewhere("elasticsearch"):
        assert get_backend("database").count() == 0


def test_the_rebuild_command_indexes_the_catalogue_and_drains_the_outbox(capsys):
    products = [product_of(VendorFactory(), title=f"Blumenvase {n}") for n in range(3)]
    call_command("search_index", "--rebuild")
    output = capsys.readouterr().out
    assert "database: 3 products indexed" in output
    assert set(database_ids("blumenvase")) == {product.pk for product in products}
    assert not PendingUpdate.objects.exists()
    call_command("search_index")
    assert "database: 3 products" in capsys.readouterr().out
