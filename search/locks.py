"""One rebuild per search backend at a time, across processes.

Two rebuilds of the same backend at once (a cron job and an admin, two deploy hooks) would fill
two new Elasticsearch indexes or delete each other's rows in the database index. The lock is
taken without waiting: the second rebuild stops at once and says so.

The lock dies with its holder, so a killed rebuild leaves nothing to clean up:

* PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``), released when the
  rebuild ends or its connection closes.
* SQLite: an ``flock`` on a file beside the database file (for an in-memory database, in the
  temporary directory), released when the rebuild ends or its process exits.
"""

import fcntl
import hashlib
import os
import tempfile
from contextlib import contextmanager, suppress
from pathlib import Path

from django.db import DatabaseError, connection


class RebuildRunning(Exception):
    """Another rebuild of this backend holds the lock."""


def _key(alias: str) -> int:
    """A stable signed 64-bit advisory lock key for ``alias`` (same in every process)."""
    digest = hashlib.blake2b(f"forst-search-rebuild:{alias}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock_path(alias: str) -> Path:
    name = str(connection.settings_dict["NAME"])
    safe = "".join(char if char.isalnum() or char in "-_" else "_" for char in alias)
    if name and not name.startswith(("file:", ":memory:")) and Path(name).parent.is_dir():
        return Path(f"{name}.search-rebuild-{safe}.lock")
    token = hashlib.blake2b(name.encode(), digest_size=6).hexdigest()
    return Path(tempfile.gettempdir()) / f"forst-search-rebuild-{safe}-{token}.lock"


@contextmanager
def rebuild_lock(alias: str):
    """Hold the rebuild lock of backend ``alias`` for the block, or raise ``RebuildRunning``."""
    if connection.vendor == "postgresql":
        key = _key(alias)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            (taken,) = cursor.fetchone()
        if not taken:
            raise RebuildRunning(alias)
        try:
            yield
        finally:
            # A connection that broke has lost the lock with it.
            with suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    path = lock_path(alias)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RebuildRunning(alias) from None
        yield
    finally:
        os.close(descriptor)  # closing the descriptor releases the lock
