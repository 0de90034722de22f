"""Fixtures of the storefront tests: a frozen local clock."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def freeze_now(monkeypatch):
    """Call with a local (Berlin) datetime's parts to make ``timezone.now`` return it."""

    def freeze(*args: int) -> datetime:
        moment = datetime(*args, tzinfo=BERLIN)
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
        return moment

    return freeze
