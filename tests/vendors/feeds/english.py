"""The importer's messages are checked as written, in English.

The site's language is German (``LANGUAGE_CODE = "de"``, translations in ``locale/``), so without
this the tests would compare German translations, and break whenever a translation is edited.
Import the fixture into a test module to make it apply there (it is autouse)::

    from tests.vendors.feeds.english import messages_in_english  # noqa: F401
"""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def messages_in_english():
    with translation.override("en"):
        yield
