"""The app as a real process of its own, and PostgreSQL going away under it.

``AppServer`` runs the app (``tests.crash.serve``: Django's threaded WSGI server, what
``runserver`` runs, one request per thread with a fresh database connection) with the test
settings against the pytest test database, on a loopback port picked once and kept across
restarts. ``kill`` is SIGKILL: no ``finally``, no ``on_commit``, no rollback other than
PostgreSQL's own. A restart takes over a process that has loaded Django already, so that the
chaos is not mostly waiting for imports. Every wait is bounded.

``DatabaseRestart`` is what a PostgreSQL restart looks like to the app without restarting a
server other test runs share: for a moment the database takes no new connections
(``ALLOW_CONNECTIONS false``) and every backend of the app (its ``application_name``) is
terminated, idle or in the middle of a transaction; then connections are allowed again. Given
the data directory of a server of the test's own, it restarts that server for real instead. The
test process's own connections carry no such name and are left alone (they are open already;
new ones the test opens in that moment are refused like the app's, and retried).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent.parent
APP_NAME = "forst-crash-app"  # the application_name of every connection the app makes
START_TIMEOUT = 60.0  # seconds for the server to answer after a (re)start
STOP_TIMEOUT = 10.0
PG_CTL_TIMEOUT = 60  # seconds for a real PostgreSQL restart (with its crash recovery)
PROBE_PATH = "/zahlung/stripe/webhook/"  # GET answers 405 at once, without the database


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(settings_dict: dict, *, application_name: str = APP_NAME) -> str:
    """A DATABASE_URL (django-environ's form) for the database of ``settings_dict``, with
    ``application_name`` so that the chaos finds the app's backends."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    name = quote(settings_dict["NAME"], safe="")
    return f"postgres://{credentials}{host}:{port}/{name}?application_name={application_name}"


def app_environment(*, database: str, stripe: dict[str, str]) -> dict[str, str]:
    """The environment of the app's processes (server and management commands)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "STRIPE_", "PYTEST_")) and key != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        TEST_DATABASE_URL=database,
        PYTHONUNBUFFERED="1",
        PYTHONDONTWRITEBYTECODE="1",
        **stripe,
    )
    return env


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0) as sock:
            sock.settimeout(2.0)
            sock.sendall(
                f"GET {PROBE_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Connection: close\r\n\r\n".encode()
            )
            return sock.recv(12).startswith(b"HTTP/1.")
    except OSError:
        return False


class AppServer:
    """The app server (``tests.crash.serve``), with a loaded process in reserve."""

    def __init__(self, *, env: dict[str, str], log_path: Path, port: int | None = None):
        self.env = env
        self.port = port or free_port()
        self.log_path = log_path
        self.process: subprocess.Popen | None = None
        self._reserve: subprocess.Popen | None = None
        self.starts = 0
        self.kills = 0
        self.start_seconds: list[float] = []  # from "go" until the server answered

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _spawn(self) -> subprocess.Popen:
        with self.log_path.open("ab") as log:
            return subprocess.Popen(  # noqa: S603 - our script, our arguments
                [sys.executable, "-m", "tests.crash.serve", str(self.port)],
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.PIPE,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def start(self, timeout: float = START_TIMEOUT) -> None:
        """Serve (again): the reserve process binds the port; a new reserve starts loading.
        A reserve that died (it loaded code that was being edited, say) is replaced once by a
        fresh process."""
        if self.running:
            return
        self._kill(self.process)  # gone already; its pipe is closed here
        process = self._reserve if self._reserve and self._reserve.poll() is None else None
        if process is None:
            self._kill(self._reserve)  # a reserve that died: its pipe is closed here
        self._reserve = None
        self.starts += 1
        began = time.monotonic()
        deadline = began + timeout
        for attempt in range(2):
            if process is None:
                process = self._spawn()
            self.process = process
            try:
                process.stdin.write(b"go\n")
                process.stdin.flush()
            except OSError:
                pass  # it died; seen below
            while time.monotonic() < deadline and process.poll() is None:
                if _answers(self.port):
                    self.start_seconds.append(time.monotonic() - began)
                    self._reserve = self._spawn()
                    return
                time.sleep(0.05)
            if process.poll() is None or attempt:
                break
            self._kill(process)
            process = None
        self.stop()
        raise RuntimeError(f"the app server did not start within {timeout}s:\n{self.log_tail()}")

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @staticmethod
    def _kill(process: subprocess.Popen | None) -> None:
        if process is None:
            return
        try:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=STOP_TIMEOUT)
        finally:
            if process.stdin:
                with contextlib.suppress(OSError):
                    process.stdin.close()

    def kill(self) -> None:
        """SIGKILL, mid-whatever it is doing."""
        if not self.running:
            return
        self._kill(self.process)
        self.kills += 1

    def stop(self) -> None:
        """The end of the test: the serving process and the reserve go, whatever their state."""
        self._kill(self.process)
        self._kill(self._reserve)
        self._reserve = None

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def manage(env: dict[str, str], *args: str, timeout: float = 120.0) -> subprocess.CompletedProcess:
    """A management command of the app, as cron runs it (a process of its own)."""
    return subprocess.run(  # noqa: S603 - our manage.py, our arguments
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


class DatabaseRestart:
    """PostgreSQL restarting under the app (see the module docstring).

    By default it works from a connection of its own to the server's maintenance database
    ("postgres"; a database cannot refuse connections to itself from inside); ``close`` ends
    that connection. With ``data_directory`` (``CRASH_PG_DATA``: a PostgreSQL server of this
    test's own, never one other test runs share) it really restarts that server with
    ``pg_ctl restart -m immediate``, a crash followed by WAL recovery: every connection goes,
    the test's own too. ``pg_ctl`` runs as the owner of the data directory.
    """

    def __init__(
        self,
        *,
        settings_dict: dict,
        application_name: str = APP_NAME,
        data_directory: str = "",
        log_path: Path | None = None,
    ):
        self.settings_dict = settings_dict
        self.database = settings_dict["NAME"]
        self.application_name = application_name
        self.data_directory = data_directory
        self.log_path = log_path or Path(os.devnull)
        self.restarts = 0
        self.terminated = 0
        self._connection = None
        if data_directory:
            self._check_data_directory()

    @property
    def real(self) -> bool:
        return bool(self.data_directory)

    def _check_data_directory(self) -> None:
        """The data directory must be the one of the server the test database is on (its
        postmaster.pid names the port)."""
        pid_file = Path(self.data_directory) / "postmaster.pid"
        try:
            port = pid_file.read_text().splitlines()[3].strip()
        except (OSError, IndexError) as exc:
            raise RuntimeError(f"{pid_file}: no running PostgreSQL server ({exc})") from None
        if port != str(self.settings_dict.get("PORT") or 5432):
            raise RuntimeError(
                f"{self.data_directory} is the server on port {port}, the test database is on "
                f"port {self.settings_dict.get('PORT')}"
            )

    def _pg_ctl(self, *args: str) -> None:
        pg_ctl = os.environ.get("CRASH_PG_CTL") or shutil.which("pg_ctl") or "pg_ctl"
        command = [pg_ctl, "-D", self.data_directory, *args]
        owner = Path(self.data_directory).stat().st_uid
        if os.geteuid() == 0 and owner != 0:  # pg_ctl refuses to run as root
            command = ["runuser", "-u", pwd.getpwuid(owner).pw_name, "--", *command]
        # The restarted server inherits pg_ctl's output: a file, never a pipe we would wait on.
        with self.log_path.open("ab") as log:
            subprocess.run(  # noqa: S603 - our arguments
                command,
                check=True,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=PG_CTL_TIMEOUT + 10,
            )

    def _execute(self, statement, params=()) -> list:
        if self._connection is None or self._connection.closed:
            self._connection = psycopg.connect(
                host=self.settings_dict.get("HOST") or "127.0.0.1",
                port=self.settings_dict.get("PORT") or 5432,
                user=self.settings_dict.get("USER") or None,
                password=self.settings_dict.get("PASSWORD") or None,
                dbname="postgres",
                autocommit=True,
                connect_timeout=5,
                application_name="forst-crash-chaos",
            )
        with self._connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall() if cursor.description else []

    def _allow_connections(self, allowed: bool) -> None:
        statement = sql.SQL("ALTER DATABASE {} WITH ALLOW_CONNECTIONS {}").format(
            sql.Identifier(self.database), sql.SQL("true" if allowed else "false")
        )
        self._execute(statement)

    def terminate_backends(self) -> int:
        rows = self._execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND application_name = %s",
            [self.database, self.application_name],
        )
        return sum(1 for (done,) in rows if done)

    def restart(self, *, down_for: float) -> int:
        """Every app backend gone, no new connections for ``down_for`` seconds (or as long as
        the real restart takes); returns how many app backends were terminated (-1: all of
        the server's, by a real restart)."""
        if self.real:
            self._pg_ctl("restart", "-m", "immediate", "-w", "-t", str(PG_CTL_TIMEOUT))
            self.restarts += 1
            return -1
        self._allow_connections(False)
        try:
            killed = self.terminate_backends()
            time.sleep(down_for)
            killed += self.terminate_backends()  # any that got in before the switch
        finally:
            self._allow_connections(True)
        self.restarts += 1
        self.terminated += killed
        return killed

    def ensure_open(self) -> None:
        if self.real:
            return
        self._allow_connections(True)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
