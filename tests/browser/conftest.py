"""The browser journeys ("As a user would"): Debian's Chromium, driven by small node scripts
beside this file (ES modules using playwright-core), against pytest-django's live server.

A test calls ``browser_script("pay_at_pickup.mjs", email=..., ...)``: that runs
``node <script> <JSON input>`` (the input carries the live server's URL and a directory for
screenshots), bounded by ``SCRIPT_TIMEOUT`` seconds, and returns the result from the one line
of JSON the script prints on stdout (see lib.mjs). A failing script fails the test with its
step, URL and error, and prints where its screenshot is; an uncaught error in a page's own
JavaScript fails it too. The live server is a thread of the test process, so between scripts
the test reads the server's database and ``mail.outbox`` directly. (With SQLite in memory the
server thread shares the test's connection: touch the database only while no script runs.)

The tools come from tools/testenv's ``browser`` service: BROWSER_EXECUTABLE (Debian's
Chromium) and PLAYWRIGHT_NODE_PATH (playwright-core, pinned in package-lock.json, installed in a
cache outside the repository). Without them the tests, marked ``browser``, are skipped with the
reason (and fail with CI=true; see tests/conftest.py).

The town is tests/checkout's (its clock stands on Thursday 10 June 2027, 09:00): the bakery
opens 07:00, the bookshop 10:00, everything can be collected together from 11:00.
"""

import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.checkout.conftest import (  # noqa: F401 - fixtures of the same town
    GUEST,
    bakery,
    bookshop,
    bread,
    frozen_clock,
    notebook,
)
from tests.factories import UserFactory

HERE = Path(__file__).resolve().parent
SCRIPT_TIMEOUT = 180  # seconds for one script: a browser start and a few page loads
PASSWORD = "correct horse battery staple"  # UserFactory's


class BrowserScriptFailed(AssertionError):
    pass


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def run_script(script: str, data: dict, *, timeout: float = SCRIPT_TIMEOUT) -> dict:
    """Run a node script of this directory with ``data`` as its input; its result."""
    command = [shutil.which("node") or "node", str(HERE / script), json.dumps(data)]
    # A session of its own, so that a script that hangs can be stopped with what it started.
    process = subprocess.Popen(  # noqa: S603 - our own script, our own arguments
        command,
        cwd=HERE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        # SIGTERM first: playwright-core then closes the browsers it launched.
        os.killpg(process.pid, signal.SIGTERM)
        try:
            stdout, stderr = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            stdout, stderr = process.communicate()
        raise BrowserScriptFailed(
            f"{script} did not finish within {timeout}s; its last words:\n{_tail(stderr)}"
        ) from None
    report = None
    for line in reversed(stdout.splitlines()):
        if line.startswith("{"):
            report = json.loads(line)
            break
    if report is None:
        raise BrowserScriptFailed(
            f"{script} exited with {process.returncode} and no report.\n"
            f"stdout:\n{_tail(stdout)}\nstderr:\n{_tail(stderr)}"
        )
    if not report["ok"]:
        print(f"{script}: screenshot of the failure: {report.get('screenshot')}")  # noqa: T201
        raise BrowserScriptFailed(
            f"{script} failed at step {report['step']!r} on {report.get('url')}\n"
            f"{report.get('error')}\n"
            f"screenshot: {report.get('screenshot')}\n"
            f"page errors: {report['pageErrors']}\nconsole errors: {report['consoleErrors']}\n"
            f"failed requests: {report['failedRequests']}\n"
            f"stderr:\n{_tail(stderr)}"
        )
    if report["pageErrors"]:
        raise BrowserScriptFailed(f"{script}: the pages' JavaScript failed: {report['pageErrors']}")
    return report["result"]


@pytest.fixture
def browser_script(live_server, tmp_path):
    """``browser_script(script, **data)``: run a script against the live server."""
    screenshots = tmp_path / "screenshots"

    def run(script: str, **data) -> dict:
        base = {"baseUrl": live_server.url, "screenshotDir": str(screenshots)}
        return run_script(script, {**base, **data})

    return run


@pytest.fixture
def home_page(db):
    """Our HomePage at the default site's root, as migration cms/0002 leaves it; made again
    when a transactional test before this one flushed the migrations' rows."""
    from wagtail.models import Locale, Page, Site

    from cms.models import HomePage

    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    Locale.objects.get_or_create(language_code="de")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(
        instance=HomePage(
            title="Marktplatz Forst",
            slug="home",
            hero_heading="Einkaufen in der Forster Innenstadt",
        )
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


def staff_of(vendor, username: str):
    """A user who works for ``vendor`` (Partner.users, group "Shop staff"), not Django staff."""
    user = UserFactory(username=username, is_staff=False)
    vendor.partner.users.add(user)
    group, _created = Group.objects.get_or_create(name="Shop staff")
    user.groups.add(group)
    return {"username": username, "password": PASSWORD}


def shop_paths(vendor) -> dict:
    return {
        "partsPath": reverse("fulfilment:shop_parts", kwargs={"slug": vendor.slug}),
        "counterPath": reverse("fulfilment:counter", kwargs={"slug": vendor.slug}),
    }


# What the resident buys: bread from the bakery found with the search form, the notebook from
# the bookshop found in the catalogue.
BASKET = [
    {"title": "Roggenbrot", "quantity": 2, "find": "search"},
    {"title": "Notizbuch Rosenstadt", "quantity": 1, "find": "catalogue"},
]
