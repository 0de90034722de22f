"""Suite-wide fixtures and the rules for service-backed tests.

Tests marked ``postgres`` need PostgreSQL as the test database (the test tooling, tools/testenv,
provides it as TEST_DATABASE_URL; ``make test`` runs the suite through it). When it is not the
test database they are skipped with a reason -- except with CI=true, where a service-backed test
that ends up skipped (for that reason or any other, e.g. a ``pytest.skip`` in its body) is
reported as failed, so CI cannot go green without the real services. Tests outside the service
markers may skip in CI as usual. tests/config/test_service_rules.py checks this mechanism.
"""

import os
import shutil

import pytest
from django.db import connection

# pytester: tests/config/test_service_rules.py runs pytest on small generated suites.
pytest_plugins = ("pytester",)

# The CI values tools/testenv accepts too.
IN_CI = os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def _postgres_unavailable():
    """Why tests marked ``postgres`` cannot run here, or None when they can."""
    if connection.vendor == "postgresql":
        return None
    if not os.environ.get("TEST_DATABASE_URL"):
        return "PostgreSQL not available: TEST_DATABASE_URL is unset (run through tools/testenv)"
    return f"TEST_DATABASE_URL is not a PostgreSQL database (it is {connection.vendor})"


def _stripe_mock_unavailable():
    """Why tests marked ``stripe`` cannot run here, or None when they can."""
    if os.environ.get("STRIPE_MOCK_URL"):
        return None
    return "stripe-mock not available: STRIPE_MOCK_URL is unset (run through tools/testenv)"


def _browser_unavailable():
    """Why tests marked ``browser`` cannot run here, or None when they can."""
    missing = [
        name for name in ("BROWSER_EXECUTABLE", "PLAYWRIGHT_NODE_PATH") if not os.environ.get(name)
    ]
    if missing:
        return f"browser not available: {' and '.join(missing)} unset (run through tools/testenv)"
    if not shutil.which("node"):
        return "browser not available: node is not on PATH"
    for name in ("BROWSER_EXECUTABLE", "PLAYWRIGHT_NODE_PATH"):
        if not os.path.exists(os.environ[name]):
            return f"browser not available: {name}={os.environ[name]} does not exist"
    return None


def _elasticsearch_unavailable():
    """Why tests marked ``elasticsearch`` cannot run here, or None when they can."""
    if os.environ.get("ELASTICSEARCH_URL"):
        return None
    return "Elasticsearch not available: ELASTICSEARCH_URL is unset (run through tools/testenv)"


# Marker -> function returning why its service is unavailable (None when available).
SERVICE_MARKERS = {
    "postgres": _postgres_unavailable,
    "stripe": _stripe_mock_unavailable,
    "browser": _browser_unavailable,
    "elasticsearch": _elasticsearch_unavailable,
}


def _service_markers(item):
    return [name for name in SERVICE_MARKERS if item.get_closest_marker(name)]


def pytest_collection_modifyitems(config, items):
    reasons = {}  # checked once per service, and only if a collected test needs it
    for item in items:
        for name in _service_markers(item):
            if name not in reasons:
                reasons[name] = SERVICE_MARKERS[name]()
            if reasons[name]:
                item.add_marker(pytest.mark.skip(reason=reasons[name]))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """With CI=true, a skipped service-backed test is reported as failed (an error when the skip
    happened in setup, as for the skip marker added above)."""
    report = yield
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        markers = _service_markers(item)
        if markers:
            longrepr = report.longrepr
            reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else longrepr
            reason = str(reason).removeprefix("Skipped: ")
            report.outcome = "failed"
            report.longrepr = (
                f"CI=true: this test needs {', '.join(markers)} but was skipped ({reason}). "
                "In CI service-backed tests must run; start the services with tools/testenv "
                "(make test)."
            )
    return report


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


@pytest.fixture
def vendor(db):
    # Imported here so this module loads without Django being set up (the tests of the rules
    # above load it as a plugin into a bare pytest run).
    from tests.factories import VendorFactory

    return VendorFactory()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: Oscar caches category URLs by primary key, and a
    database that reuses keys between tests (SQLite) would otherwise serve another test's URL."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
