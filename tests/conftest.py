"""Suite-wide fixtures and the rules for service-backed tests.

Tests marked ``postgres`` need PostgreSQL (the test tooling, tools/testenv, provides it as
TEST_DATABASE_URL). Outside CI they skip with a reason when it is absent; with CI=true a skipped
service test fails the run, so CI cannot pass without the real services.
"""

import os

import pytest
from django.db import connection

from tests.factories import VendorFactory

IN_CI = os.environ.get("CI", "").lower() == "true"
SERVICE_MARKERS = ("postgres",)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("postgres") and "TEST_DATABASE_URL" not in os.environ:
            item.add_marker(
                pytest.mark.skip(reason="PostgreSQL not available (run through tools/testenv)")
            )


def pytest_sessionfinish(session, exitstatus):
    """With CI=true, a skipped service-backed test makes the run fail."""
    if not IN_CI:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    service_skips = [
        report for report in skipped
        if any(marker in report.keywords for marker in SERVICE_MARKERS)
    ]
    if service_skips:
        reporter.write_line(
            f"CI=true: {len(service_skips)} service-backed test(s) were skipped; failing the run.",
            red=True,
        )
        session.exitstatus = 1


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


@pytest.fixture
def vendor(db):
    return VendorFactory()
