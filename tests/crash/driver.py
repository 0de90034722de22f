"""Who uses the app during the crash test: residents, shop staff, Stripe, and the chaos.

* ``Resident``: one checkout through the pages (product page, basket, gateway as guest, pickup,
  "pay online", preview), then pays (``StripeSide.pay`` plays Stripe.js and the card) and,
  depending on its ``behaviour``, presses "zahlungspflichtig bestellen" (``place``), lets its
  reservation run out first (``slow``), never comes back (``never_return``) or leaves before
  paying (``abandon``). A request the chaos broke is retried as a resident would (reload, press
  again), at most ``MAX_TRIES`` times per step, then the resident gives up.
* ``StripeSide``: for every paid intent, one ``payment_intent.succeeded`` event, signed as
  Stripe signs, delivered to the app's webhook after a random delay and again until the app
  answers 200 (Stripe retries the same event).
* ``Staff``: a shop's member of staff, logged in through the login page, marking parts ready
  and handing them over at the counter (which pays the shop out), or cancelling them (which
  refunds the part), by pressing the buttons of the pages.
* ``Chaos``: SIGKILLs and restarts the app server, "restarts PostgreSQL" under it, and makes
  Stripe lose answers, at random moments, preferably just after a request that moves money or
  stock was sent (``Moments``).
"""

from __future__ import annotations

import contextlib
import http.client
import random
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass

from django.db import InterfaceError, OperationalError, connections
from django.urls import reverse

from fulfilment.models import Fulfilment, StockReservation
from fulfilment.selectors import pickup_code_for
from fulfilment.states import FulfilmentStatus
from tests.crash.browser import Broken, Browser, Page, form_fields
from tests.crash.server import AppServer, DatabaseRestart
from tests.crash.town import PASSWORD, Shop, Town
from tests.payments import stripe_events

MAX_TRIES = 12  # per step; with the pauses below a resident waits ~25 s for a restart
BEHAVIOURS = [("place", 50), ("never_return", 20), ("slow", 15), ("abandon", 15)]
WEBHOOK_TIMEOUT = 15.0
PICKUP_AGAIN = "pickup again"


class GaveUp(Exception):
    """A step failed ``MAX_TRIES`` times (or the page led somewhere else): the user leaves."""


class Stats:
    """Counters shared by the threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self.counts: Counter = Counter()
        self.errors: list[str] = []

    def add(self, key: str, n: int = 1) -> None:
        with self._lock:
            self.counts[key] += n

    def error(self, text: str) -> None:
        with self._lock:
            self.errors.append(text)


class Moments:
    """A request that writes is about to be sent: the chaos may strike now."""

    def __init__(self):
        self._cond = threading.Condition()
        self._count = 0

    def mark(self) -> None:
        with self._cond:
            self._count += 1
            self._cond.notify_all()

    def wait(self, timeout: float) -> bool:
        with self._cond:
            start = self._count
            return self._cond.wait_for(lambda: self._count > start, timeout=timeout)


def pause(attempt: int) -> None:
    time.sleep(min(0.4 * (attempt + 1), 2.5))


def persist(action, stats: Stats, what: str, *, tries: int = MAX_TRIES):
    """``action()`` until it gets an answer; ``Broken`` answers are retried after a pause."""
    for attempt in range(tries):
        try:
            return action()
        except Broken:
            stats.add("requests broken by the chaos")
            pause(attempt)
    raise GaveUp(f"{what}: no answer after {tries} tries")


def db_retry(action, stats: Stats, *, tries: int = MAX_TRIES):
    """A database step of the test process itself while PostgreSQL may be "restarting"."""
    for attempt in range(tries):
        try:
            return action()
        except (OperationalError, InterfaceError):
            stats.add("test-side database retries")
            connections["default"].close()
            pause(attempt)
    raise GaveUp("the database did not come back")


# -- Stripe ----------------------------------------------------------------------------------------


@dataclass
class Delivery:
    event: dict
    status: int | None = None
    tries: int = 0


class StripeSide:
    def __init__(self, *, double, base_url: str, webhook_path: str, secret: str, stats: Stats):
        self.double = double
        self.base_url = base_url
        self.webhook_path = webhook_path
        self.secret = secret
        self.stats = stats
        self._lock = threading.Lock()
        self.deliveries: dict[str, Delivery] = {}
        self._threads: list[threading.Thread] = []

    def intent(self, intent_id: str) -> dict | None:
        return next(
            (i for i in self.double.objects("payment_intent") if i["id"] == intent_id), None
        )

    def pay(self, intent_id: str) -> bool:
        """Stripe.js and the card: the intent succeeds (once), and its event is queued."""
        with self._lock:
            intent = self.intent(intent_id)
            if intent is None or intent["status"] not in {
                "requires_payment_method",
                "requires_confirmation",
            }:
                return intent is not None and intent["status"] == "succeeded"
            paid = self.double.intent_pays(intent_id)
            self.deliveries[intent_id] = Delivery(
                stripe_events.event("payment_intent.succeeded", paid)
            )
            self.stats.add("intents paid")
            return True

    def deliver(self, intent_id: str) -> int | None:
        delivery = self.deliveries[intent_id]
        body = stripe_events.body_of(delivery.event)
        host, port = self.base_url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=WEBHOOK_TIMEOUT)
        try:
            connection.request(
                "POST",
                self.webhook_path,
                body=body,
                headers={
                    "Content-Type": "application/json; charset=utf-8",
                    "Stripe-Signature": stripe_events.signature_header(body, self.secret),
                    "Connection": "close",
                },
            )
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = None
        finally:
            connection.close()
        with self._lock:
            delivery.tries += 1
            if delivery.status != 200:
                delivery.status = status
        self.stats.add("webhook deliveries")
        return status

    def deliver_until_answered(self, intent_id: str, *, tries: int = MAX_TRIES) -> int | None:
        status = None
        for attempt in range(tries):
            status = self.deliver(intent_id)
            if status == 200:
                return status
            self.stats.add("webhook deliveries failed")
            pause(attempt)
        return status

    def deliver_later(self, intent_id: str, delay: float, moments: Moments) -> None:
        def run():
            time.sleep(delay)
            moments.mark()
            self.deliver_until_answered(intent_id)

        thread = threading.Thread(target=run, name=f"webhook-{intent_id}", daemon=True)
        with self._lock:
            self._threads.append(thread)
        thread.start()

    def join(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        for thread in list(self._threads):
            thread.join(max(0.0, deadline - time.monotonic()))

    def not_answered(self) -> list[str]:
        with self._lock:
            return [key for key, delivery in self.deliveries.items() if delivery.status != 200]


def says(page: Page) -> str:
    """The page's messages (alerts, form errors), for an outcome that needs explaining."""
    html = page.html
    found = [*html.find_all(class_="alert"), *html.find_all(class_="text-danger")]
    return "; ".join(element.text for element in found if element.text)[:200]


# -- residents -------------------------------------------------------------------------------------


def behaviour_for(rng: random.Random) -> str:
    names, weights = zip(*BEHAVIOURS, strict=True)
    return rng.choices(names, weights=weights)[0]


@dataclass
class Resident:
    number: int
    town: Town
    base_url: str
    stripe: StripeSide
    moments: Moments
    stats: Stats
    rng: random.Random
    behaviour: str
    outcome: str = ""
    intent_id: str = ""
    basket_id: str = ""

    @property
    def email(self) -> str:
        return f"anwohnerin{self.number}@example.org"

    def run(self) -> None:
        try:
            self.outcome = self._checkout(Browser(self.base_url))
        except GaveUp as exc:
            self.outcome = f"gave up: {exc}"
        except Exception:  # a bug in the driver, or a page that is not what it should be
            self.outcome = "driver error"
            self.stats.error(f"resident {self.number}: {traceback.format_exc()}")
        self.stats.add(f"outcome: {self.outcome.split(':')[0]}")
        connections.close_all()

    def _get(self, browser: Browser, path: str) -> Page:
        return persist(lambda: browser.get(path), self.stats, f"GET {path}")

    def _checkout(self, browser: Browser) -> str:
        paths = self.town.paths
        self.stats.add("checkouts attempted")
        added = 0
        for item in self.rng.sample(self.town.items, k=self.rng.randint(1, 3)):
            page = self._get(browser, item.path)
            if page.status != 200:
                return f"product page answered {page.status}"
            if page.form(id="add_to_basket_form") is None:
                continue  # sold out: nothing to add
            quantity = str(self.rng.randint(1, 2))
            persist(
                lambda page=page, quantity=quantity: browser.submit(
                    page, {"quantity": quantity}, id="add_to_basket_form"
                ),
                self.stats,
                "add to basket",
            )
            added += 1
        if not added:
            return "everything sold out"
        page = self._get(browser, paths.checkout)
        if page.status != 200:
            return f"gateway answered {page.status} {page.location}"
        answer = persist(
            lambda: browser.submit(
                page, {"username": self.email, "options": "anonymous"}, class_="checkout-gateway"
            ),
            self.stats,
            "gateway",
        )
        if answer.location != paths.pickup:
            return f"gateway sent to {answer.location or answer.status}"
        stop = self._choose_pickup_and_payment(browser)
        if stop:
            return stop
        preview = self._preview(browser)
        if isinstance(preview, str):
            return preview
        if self.behaviour == "abandon":
            return "left before paying"
        if self.behaviour == "slow":
            # The resident took longer than the reservation lasts.
            db_retry(
                lambda: StockReservation.objects.filter(basket_id=self.basket_id).delete(),
                self.stats,
            )
        if not self.stripe.pay(self.intent_id):
            return f"intent {self.intent_id} could not be paid"
        self.stripe.deliver_later(self.intent_id, self.rng.uniform(0.0, 2.5), self.moments)
        if self.behaviour == "never_return":
            return "paid, never came back"
        return self._place(browser, preview)

    def _choose_pickup_and_payment(self, browser: Browser) -> str:
        """Pickup time, then "pay online"; back to the pickup step when the chosen slot is
        gone meanwhile (the clock moved on, or a restart took the session's choice)."""
        for _try in range(3):
            stop = self._choose_pickup(browser)
            if not stop:
                stop = self._choose_payment(browser)
            if stop != PICKUP_AGAIN:
                return stop
        return "no pickup slot could be kept"

    def _choose_pickup(self, browser: Browser) -> str:
        paths = self.town.paths
        page = self._get(browser, paths.pickup)
        if page.status != 200 or page.form(action=paths.pickup) is None:
            return f"pickup answered {page.status} {page.location} {says(page)}"
        answer = persist(lambda: browser.submit(page, action=paths.pickup), self.stats, "pickup")
        location = answer.location
        for _hop in range(5):  # Oscar's shipping steps skip themselves
            if not location or location in {paths.payment_method, paths.pickup}:
                break
            location = self._get(browser, location).location
        return ""

    def _choose_payment(self, browser: Browser) -> str:
        paths = self.town.paths
        page = self._get(browser, paths.payment_method)
        for _press in range(3):
            if page.status == 302 and page.location == paths.pickup:
                return PICKUP_AGAIN
            if page.status == 302 and page.location == paths.basket:
                return f"sent back to the basket: {says(self._get(browser, paths.basket))}"
            if page.status != 200 or page.form(action=paths.payment_method) is None:
                return f"payment method answered {page.status} {page.location} {says(page)}"
            self.moments.mark()
            answer = persist(
                lambda page=page: browser.submit(
                    page, {"provider": "stripe"}, action=paths.payment_method
                ),
                self.stats,
                "payment method",
            )
            if answer.location == paths.preview:
                return ""
            if answer.location == paths.basket:
                return f"sent back to the basket: {says(self._get(browser, paths.basket))}"
            page = answer if answer.status == 200 else self._get(browser, paths.payment_method)
        return "payment method refused three times"

    def _preview(self, browser: Browser) -> Page | str:
        paths = self.town.paths
        for _try in range(3):
            page = self._get(browser, paths.preview)
            if page.status == 302 and page.location in {paths.payment_method, paths.pickup}:
                stop = self._choose_pickup_and_payment(browser)
                if stop:
                    return stop
                continue
            if page.status != 200:
                return f"preview answered {page.status} {page.location} {says(page)}"
            form = page.form(id="place_order_form")
            if form is None:
                return "preview without order form"
            self.basket_id = form_fields(form).get("basket_id", "")
            element = page.html.find(id="payment-element")
            if element is not None:
                self.intent_id = element.get("data-client-secret", "").split("_secret")[0]
            if self.intent_id:
                return page
            time.sleep(0.5)  # "payment unavailable": try again in a moment
        return "no payment to pay on the preview"

    def _place(self, browser: Browser, preview: Page) -> str:
        """Press "zahlungspflichtig bestellen"; no answer: press again (up to ``MAX_TRIES``
        times); the preview again with an error: press again (up to three more times)."""
        paths = self.town.paths
        data = form_fields(preview.form(id="place_order_form"))
        broken, refused, said = 0, 0, ""
        while broken < MAX_TRIES and refused < 4:
            self.moments.mark()
            try:
                answer = browser.post(paths.preview, data)
            except Broken:
                broken += 1
                self.stats.add("requests broken by the chaos")
                pause(broken)
                continue
            if answer.status == 302:
                if answer.location == paths.thank_you:
                    with contextlib.suppress(Broken):
                        browser.get(paths.thank_you)
                    return "placed"
                return f"sent to {answer.location}"
            refused += 1
            said = f"{answer.status} {says(answer)}"
            form = answer.form(id="place_order_form")
            if form is not None:
                data = form_fields(form)
            time.sleep(0.3)
        if refused >= 4:
            return f"order button refused four times: {said}"
        return "gave up placing: no answer"


# -- shop staff ------------------------------------------------------------------------------------


DECISIONS = [("collect", 55), ("cancel", 25), ("keep", 20)]


class Staff:
    """One shop's member of staff at the parts page and the counter."""

    def __init__(self, *, shop: Shop, town: Town, base_url: str, stats: Stats, moments: Moments):
        self.shop = shop
        self.town = town
        self.browser = Browser(base_url)
        self.stats = stats
        self.moments = moments
        self.logged_in = False

    def _get(self, path: str) -> Page:
        page = persist(lambda: self.browser.get(path), self.stats, f"GET {path}")
        if page.status == 302 and self.town.paths.login in page.location:
            self.login()
            page = persist(lambda: self.browser.get(path), self.stats, f"GET {path}")
        return page

    def login(self) -> None:
        page = persist(
            lambda: self.browser.get(self.town.paths.login), self.stats, "GET login page"
        )
        answer = persist(
            lambda: self.browser.submit(
                page,
                {
                    "login-username": self.shop.username,
                    "login-password": PASSWORD,
                    "login_submit": "Log In",
                },
                id="login_form",
            ),
            self.stats,
            "login",
        )
        if answer.status != 302:
            raise GaveUp(f"login of {self.shop.username} refused")
        self.logged_in = True

    def _press(self, page: Page, action: str, changes: dict | None = None) -> Page | None:
        if page.form(action=action) is None:
            return None
        self.moments.mark()
        return persist(
            lambda: self.browser.submit(page, changes, action=action), self.stats, f"POST {action}"
        )

    def collect(self, part_id: int, code: str) -> None:
        slug = self.shop.slug
        ready = reverse("fulfilment:part_ready", kwargs={"slug": slug, "pk": part_id})
        redeem = reverse("fulfilment:counter_redeem", kwargs={"slug": slug})
        self._press(self._get(self.shop.parts_path), ready)
        counter = self._get(self.shop.counter_path)
        found = self._press(counter, self.shop.counter_path, {"code": code})
        if found is not None and self._press(found, redeem) is not None:
            self.stats.add("handed over at the counter")

    def cancel(self, part_id: int) -> None:
        cancel = reverse("fulfilment:part_cancel", kwargs={"slug": self.shop.slug, "pk": part_id})
        if self._press(self._get(self.shop.parts_path), cancel, {"reason": "Leider ausverkauft."}):
            self.stats.add("cancelled by the shop")


class Counters:
    """The shops' staff working through the open parts until told to stop (one thread)."""

    def __init__(self, *, town: Town, base_url: str, stats: Stats, moments: Moments, seed: int):
        self.staff = {
            shop.vendor_id: Staff(
                shop=shop, town=town, base_url=base_url, stats=stats, moments=moments
            )
            for shop in town.shops
        }
        self.stats = stats
        self.rng = random.Random(seed)
        self.decided: dict[int, str] = {}

    def _open_parts(self) -> list[tuple[int, int, str]]:
        parts = Fulfilment.objects.filter(
            status__in=[FulfilmentStatus.PLACED, FulfilmentStatus.ACCEPTED, FulfilmentStatus.READY]
        ).exclude(pk__in=list(self.decided))
        return [(part.pk, part.vendor_id, pickup_code_for(part)) for part in parts]

    def work(self, stop: threading.Event) -> None:
        names, weights = zip(*DECISIONS, strict=True)
        try:
            while True:
                last_pass = stop.is_set()
                for part_id, vendor_id, code in db_retry(self._open_parts, self.stats):
                    decision = self.rng.choices(names, weights=weights)[0]
                    self.decided[part_id] = decision
                    try:
                        if decision == "collect":
                            self.staff[vendor_id].collect(part_id, code)
                        elif decision == "cancel":
                            self.staff[vendor_id].cancel(part_id)
                    except GaveUp:
                        self.stats.add("staff gave up")
                if last_pass:
                    return
                stop.wait(0.5)
        except Exception:
            self.stats.error(f"staff: {traceback.format_exc()}")
        finally:
            connections.close_all()


# -- chaos -----------------------------------------------------------------------------------------


class Chaos:
    """Per round, in random order, each right after a writing request was sent (or after a
    random wait): ``kills`` SIGKILLs of the server (restarted at once), ``restarts`` database
    restarts, and ``faults`` Stripe faults (the next two POSTs to transfers, refunds or
    PaymentIntents answer 500, or do the work and lose the answer: twice, so that the Stripe
    library's one retry does not hide it)."""

    STRIPE_FAULTS = ("drop", "500")
    STRIPE_PATHS = ("/v1/transfers", "/v1/refunds", "/v1/payment_intents")

    def __init__(
        self,
        *,
        server: AppServer,
        database: DatabaseRestart,
        double,
        moments: Moments,
        stats: Stats,
        seed: int,
    ):
        self.server = server
        self.database = database
        self.double = double
        self.moments = moments
        self.stats = stats
        self.rng = random.Random(seed)
        self.log: list[str] = []

    def round(self, *, kills: int, restarts: int, faults: int, stop: threading.Event) -> None:
        actions = ["kill"] * kills + ["db"] * restarts + ["stripe"] * faults
        self.rng.shuffle(actions)
        try:
            for action in actions:
                if stop.wait(self.rng.uniform(0.2, 1.5)):
                    return
                self.moments.wait(timeout=self.rng.uniform(0.5, 3.0))
                time.sleep(self.rng.uniform(0.0, 0.35))  # into the request, not before it
                if action == "kill":
                    self.server.kill()
                    self.log.append("kill")
                    time.sleep(self.rng.uniform(0.0, 0.5))
                    self.server.start()
                elif action == "db":
                    killed = self.database.restart(down_for=self.rng.uniform(0.3, 1.5))
                    self.log.append(
                        "pg_ctl restart" if killed < 0 else f"db restart ({killed} backends)"
                    )
                else:
                    kind = self.rng.choice(self.STRIPE_FAULTS)
                    path = self.rng.choice(self.STRIPE_PATHS)
                    self.double.fail_next(kind, path=path, times=2)
                    self.stats.add("stripe faults")
                    self.log.append(f"stripe {kind} {path}")
        except Exception:
            self.stats.error(f"chaos: {traceback.format_exc()}")
        finally:
            try:
                self.database.ensure_open()
            finally:
                self.database.close()

    def stripe_faults_clear(self) -> None:
        """Faults no request met during the chaos do not carry over into the recovery."""
        with self.double.state.lock:
            self.double.state.faults.clear()
