"""The rules for service-backed tests (tests/conftest.py) and tools/testenv's CI rule.

With CI=true a skipped service-backed test must fail the run, and tools/testenv must refuse to run
the suite when a service cannot start; outside CI both may skip with a reason. The conftest rules
are checked by running pytest (through pytester, in a subprocess) on a small generated suite that
loads tests/conftest.py as a plugin; tools/testenv by pointing it at a PostgreSQL without a server.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SUITE = """
import pytest

@pytest.mark.postgres
def test_needs_postgres():
    pass

@pytest.mark.postgres
def test_needs_postgres_but_skips_itself():
    pytest.skip("server too old")

@pytest.mark.postgres
@pytest.mark.xfail(reason="known bug", run=False)
def test_needs_postgres_known_bug():
    pass

def test_plain_skip():
    pytest.skip("not relevant here")

def test_plain():
    pass
"""


@pytest.fixture
def run_suite(pytester, monkeypatch):
    """Run SUITE against a test database with the given engine, in a clean pytest subprocess."""
    # A bare pytest: no pytest-django (the generated conftest configures Django itself) and no
    # project settings, but the project importable for tests.conftest.
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
    monkeypatch.delenv("TEST_DATABASE_URL", raising=False)
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    )
    pytester.makeini(
        "[pytest]\naddopts = --strict-markers\nmarkers =\n    postgres: needs PostgreSQL\n"
    )
    pytester.makepyfile(test_suite=SUITE)

    def run(*, ci, engine):
        pytester.makeconftest(
            "from django.conf import settings\n"
            f"settings.configure(DATABASES={{'default': {{'ENGINE': {engine!r}, 'NAME': 'x'}}}})\n"
            "pytest_plugins = ['tests.conftest']\n"
        )
        if ci:
            monkeypatch.setenv("CI", "true")
        else:
            monkeypatch.delenv("CI", raising=False)
        # Without the plugins it does not need, whose imports take seconds.
        plugins_off = ("django", "cacheprovider", "hypothesispytest", "faker")
        return pytester.runpytest_subprocess(*(f"-pno:{p}" for p in plugins_off), "-rA")

    return run


def test_outside_ci_service_tests_skip_with_a_reason(run_suite):
    result = run_suite(ci=False, engine="django.db.backends.sqlite3")
    result.assert_outcomes(passed=1, skipped=4)
    result.stdout.fnmatch_lines(["SKIPPED*PostgreSQL not available: TEST_DATABASE_URL is unset*"])
    assert result.ret == 0


def test_in_ci_a_skipped_service_test_fails_the_run(run_suite):
    result = run_suite(ci=True, engine="django.db.backends.sqlite3")
    # The skip the marker gets happens in setup, so those tests are errors; a plain skip stays one.
    result.assert_outcomes(passed=1, skipped=1, errors=3)
    result.stdout.fnmatch_lines(
        ["*CI=true: this test needs postgres but was skipped (PostgreSQL not available*"]
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_in_ci_with_postgres_the_service_tests_run(run_suite):
    result = run_suite(ci=True, engine="django.db.backends.postgresql")
    # A service test that skips itself fails too; an expected failure is not a skip.
    result.assert_outcomes(passed=2, skipped=1, failed=1, xfailed=1)
    result.stdout.fnmatch_lines(
        ["*CI=true: this test needs postgres but was skipped (server too old)*"]
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED


# tools/testenv. A bin dir without the server makes PostgreSQL "fail to start" in a fraction of a
# second (TESTENV_PG_BINDIR skips the search for, and installation of, Debian's server).


def run_testenv(tmp_path, *, ci):
    env = {k: v for k, v in os.environ.items() if k not in {"CI", "TEST_DATABASE_URL"}}
    env["TESTENV_PG_BINDIR"] = str(tmp_path / "no-postgres-here")
    # Only PostgreSQL is under test: the other services count as given (they are never asked),
    # so the nested run starts no Elasticsearch node, stripe-mock or browser of its own.
    env.setdefault("ELASTICSEARCH_URL", "http://127.0.0.1:9")
    env.setdefault("STRIPE_MOCK_URL", "http://127.0.0.1:9")
    env.setdefault("BROWSER_EXECUTABLE", "/nonexistent/chromium")
    env.setdefault("PLAYWRIGHT_NODE_PATH", "/nonexistent/node_modules")
    if ci:
        env["CI"] = "true"
    marker = tmp_path / "command-ran"
    command = [
        sys.executable,
        "-c",
        "import os, pathlib, sys; "
        "pathlib.Path(sys.argv[1]).write_text(os.environ.get('TEST_DATABASE_URL', 'unset'))",
        str(marker),
    ]
    result = subprocess.run(  # noqa: S603
        [str(ROOT / "tools" / "testenv"), "run", "--", *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result, (marker.read_text() if marker.exists() else None)


def test_testenv_in_ci_refuses_to_run_without_postgres(tmp_path):
    result, ran = run_testenv(tmp_path, ci=True)
    assert result.returncode == 3, result.stderr
    assert ran is None
    assert "PostgreSQL unavailable" in result.stderr
    assert "CI=true, so this is fatal" in result.stderr


def test_testenv_outside_ci_runs_the_command_without_postgres(tmp_path):
    result, ran = run_testenv(tmp_path, ci=False)
    assert result.returncode == 0, result.stderr
    assert ran == "unset"
    assert "PostgreSQL tests will be skipped" in result.stderr
