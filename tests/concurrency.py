"""Running work in parallel threads for the concurrency tests (PostgreSQL, transactional)."""

import threading

from django.db import connections


def at_once(work, count: int, *, timeout: float = 120):
    """Run ``work(index)`` in ``count`` threads released together by a barrier; returns their
    results in index order (an exception raised by ``work`` is returned as its result). Each
    thread closes its database connections when done."""
    start = threading.Barrier(count)
    results = [None] * count

    def run(index):
        try:
            start.wait(timeout=30)
            results[index] = work(index)
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results
