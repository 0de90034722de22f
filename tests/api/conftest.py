"""Fixtures of the API tests: an anonymous client and a frozen clock."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from rest_framework.test import APIClient

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def freeze_now(monkeypatch):
    """Call with a local (Berlin) datetime to make ``django.utils.timezone.now`` return it."""

    def freeze(*args: int) -> datetime:
        moment = datetime(*args, tzinfo=BERLIN)
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
        return moment

    return freeze
