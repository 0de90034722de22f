"""Quality bar 11: kill the app or restart PostgreSQL mid-checkout, repeatedly -> every captured
payment has an order or a refund; allocations equal open order lines; no duplicate transfers.

The app runs as a real server process of its own (``tests.crash.server.AppServer``: Django's
threaded WSGI server, what ``runserver`` runs, with the test settings against the pytest test
database, committed data: ``transactional_db``) and talks to the Stripe double of this process
(``tests.payments.fault_double``). Per round (``CRASH_ROUNDS``), ``CRASH_RESIDENTS`` residents
check out at once through the pages (some pay and place, some pay and never return, some pay
after their reservation ran out, some leave before paying; ``tests.crash.driver``); Stripe's
webhook is delivered for every paid intent; the shops' staff hand parts over at the counter
(payouts) or cancel them (refunds). Meanwhile the chaos SIGKILLs the server and restarts it,
and "restarts PostgreSQL" under it (no new connections for a moment, every backend of the app
terminated, mid-transaction or not; with ``CRASH_PG_DATA``, the data directory of a PostgreSQL
server of the test's own, a real ``pg_ctl restart -m immediate``), and makes Stripe lose
answers -- ``CRASH_KILLS``, ``CRASH_DB_RESTARTS`` and ``CRASH_STRIPE_FAULTS`` times per round,
right after a request that moves money or stock was sent.

Afterwards, as production would recover: the server is started once more, Stripe delivers the
webhooks it never got a 200 for again, and the reconciliation runs as cron runs it
(``manage.py payments_reconcile --settle --retry --older-than 0``). Then the invariants
(``tests.crash.invariants``) are checked against the database and the double, and the
reconciliation's own report must be empty; every Stripe POST carried an idempotency key.
``CRASH_SEED`` repeats a run's plan (who buys what, what the chaos does; the threads' timing
differs); ``-s`` prints a summary. The defaults take about 1.5-2 minutes on two busy cores.

``test_a_kill_between_the_intent_and_its_row_then_a_changed_basket_can_still_pay`` puts one kill
exactly where the random chaos rarely lands (Stripe made the PaymentIntent, the app had not
stored it yet). It found a bug, fixed since: the retry used the same idempotency key for the
new amount, which Stripe refuses; the key now names the amount.

``test_the_invariant_checker_reports_each_breach`` is the negative control: the same checker on
a small consistent state (no server) finds nothing, and finds each breach put into it.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import threading
import time
import urllib.request
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from oscar.core.loading import get_model

from fulfilment import services as fulfilment_services
from fulfilment.models import Fulfilment
from payments.models import Payment, Payout, Refund
from payments.stripe import services
from tests.crash.browser import Broken, Browser
from tests.crash.driver import (
    Chaos,
    Counters,
    Moments,
    Resident,
    Stats,
    StripeSide,
    behaviour_for,
    says,
)
from tests.crash.invariants import breaches
from tests.crash.server import (
    AppServer,
    DatabaseRestart,
    app_environment,
    database_url,
    manage,
)
from tests.crash.town import Town, town_build
from tests.fulfilment.conftest import collect
from tests.payments.conftest import (  # noqa: F401 - fixtures used by name
    double,
    shop_with_account,
    stripe_on,
    stripe_order,
)
from tests.payments.fault_double import StripeDouble

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

ROUNDS = int(os.environ.get("CRASH_ROUNDS", "3"))
RESIDENTS = int(os.environ.get("CRASH_RESIDENTS", "6"))
KILLS = int(os.environ.get("CRASH_KILLS", "2"))  # per round
DB_RESTARTS = int(os.environ.get("CRASH_DB_RESTARTS", "2"))  # per round
STRIPE_FAULTS = int(os.environ.get("CRASH_STRIPE_FAULTS", "1"))  # per round
# The data directory of a PostgreSQL server of this test's own (never a shared one): then the
# database restarts are real ones (pg_ctl restart -m immediate).
PG_DATA = os.environ.get("CRASH_PG_DATA", "")
ROUND_TIMEOUT = 150.0  # seconds a round may take before its users count as stuck
WEBHOOK_SECRET = "whsec_test_forst_crash_consistency"


def _seed() -> int:
    given = os.environ.get("CRASH_SEED")
    return int(given) if given else random.SystemRandom().randrange(1_000_000)


@dataclass
class App:
    server: AppServer
    town: Town
    env: dict[str, str]
    double: StripeDouble


@dataclass
class Crew:
    """Everyone who acts during the rounds, and what they count."""

    stats: Stats
    moments: Moments
    stripe: StripeSide
    chaos: Chaos
    counters: Counters


@pytest.fixture
def crash_double():
    with StripeDouble() as running:
        # The app server is killed in the middle of its requests to Stripe on purpose: the
        # double's server need not print a traceback for each connection that breaks.
        running._server.handle_error = lambda request, client_address: None
        yield running


@pytest.fixture
def app(transactional_db, crash_double, tmp_path):
    """The town committed, the app server running against it (stopped at the end, whatever
    happened), the database open for connections again at the end."""
    town = town_build()
    env = app_environment(
        database=database_url(connection.settings_dict),
        stripe={
            "STRIPE_SECRET_KEY": "sk_test_forstCrashConsistency0123456789",
            "STRIPE_PUBLISHABLE_KEY": "pk_test_forstCrashConsistency0123456789",
            "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "STRIPE_API_BASE": crash_double.url,
            "STRIPE_CONNECT_TIMEOUT": "1.0",
            "STRIPE_READ_TIMEOUT": "3.0",
            "STRIPE_MAX_NETWORK_RETRIES": "1",
        },
    )
    server = AppServer(env=env, log_path=tmp_path / "server.log")
    try:
        server.start()
        yield App(server=server, town=town, env=env, double=crash_double)
    finally:
        server.stop()
        restarts = DatabaseRestart(settings_dict=connection.settings_dict)
        try:
            restarts.ensure_open()
        finally:
            restarts.close()


def _run_round(*, app: App, number: int, rng: random.Random, crew: Crew) -> list[Resident]:
    """``RESIDENTS`` checkouts at once, the staff at work, the chaos striking; bounded."""
    stats = crew.stats
    residents = [
        Resident(
            number=number * 100 + index,
            town=app.town,
            base_url=app.server.url,
            stripe=crew.stripe,
            moments=crew.moments,
            stats=stats,
            rng=random.Random(rng.random()),
            behaviour=behaviour_for(rng),
        )
        for index in range(RESIDENTS)
    ]
    chaos_stop, staff_stop = threading.Event(), threading.Event()
    threads = [threading.Thread(target=r.run, name=f"resident-{r.number}") for r in residents]
    chaos_thread = threading.Thread(
        target=crew.chaos.round,
        kwargs={
            "kills": KILLS,
            "restarts": DB_RESTARTS,
            "faults": STRIPE_FAULTS,
            "stop": chaos_stop,
        },
        name="chaos",
    )
    staff_thread = threading.Thread(target=crew.counters.work, args=(staff_stop,), name="staff")
    for thread in [chaos_thread, staff_thread, *threads]:
        thread.daemon = True
        thread.start()
    deadline = time.monotonic() + ROUND_TIMEOUT
    for thread in [*threads, chaos_thread]:
        thread.join(max(0.0, deadline - time.monotonic()))
    chaos_stop.set()
    chaos_thread.join(max(5.0, deadline - time.monotonic()))
    staff_stop.set()
    staff_thread.join(max(30.0, deadline - time.monotonic()))
    stuck = [t.name for t in [*threads, chaos_thread, staff_thread] if t.is_alive()]
    if stuck:
        stats.error(f"round {number}: still running after {ROUND_TIMEOUT}s: {stuck}")
    return residents


def _summary(*, app, seed, residents, stats, chaos, database, reconcile, seconds) -> str:
    stripe = app.double
    intents = stripe.objects("payment_intent")
    outcomes = {}
    for resident in residents:
        key = resident.outcome[:90]
        outcomes[key] = outcomes.get(key, 0) + 1
    orders = Order.objects.count()
    lines = [
        f"crash consistency: seed {seed}",
        f"  rounds {ROUNDS} x {RESIDENTS} residents: {seconds[0]:.0f} s under chaos, "
        f"{seconds[1]:.0f} s recovery and reconciliation; server starts took "
        + ", ".join(f"{value:.1f}" for value in app.server.start_seconds)
        + " s",
        f"  server kills {app.server.kills} (starts {app.server.starts}), "
        f"database restarts {database.restarts} "
        + (
            "(pg_ctl restart -m immediate), "
            if database.real
            else f"({database.terminated} app backends terminated), "
        )
        + f"Stripe faults {stats.counts['stripe faults']}",
        f"  checkouts attempted {stats.counts['checkouts attempted']}, "
        f"behaviours {dict(sorted(_behaviours(residents).items()))}",
        f"  resident outcomes {dict(sorted(outcomes.items()))}",
        f"  intents created {len(intents)}, paid "
        f"{sum(i['status'] == 'succeeded' for i in intents)}, cancelled "
        f"{sum(i['status'] == 'canceled' for i in intents)}",
        f"  orders placed {orders}; payments voided (refunded in full) "
        f"{Payment.objects.filter(voided_at__isnull=False).count()}",
        f"  parts {Fulfilment.objects.count()}: {dict(sorted(_part_statuses().items()))}",
        f"  transfers {len(stripe.objects('transfer'))}, refunds {len(stripe.objects('refund'))} "
        f"({Refund.objects.filter(fulfilment__isnull=False).count()} of parts)",
        f"  requests broken by the chaos {stats.counts['requests broken by the chaos']}, "
        f"webhook deliveries {stats.counts['webhook deliveries']} "
        f"({stats.counts['webhook deliveries failed']} failed)",
        f"  staff: handed over {stats.counts['handed over at the counter']}, cancelled "
        f"{stats.counts['cancelled by the shop']}, gave up {stats.counts['staff gave up']}",
        "  reconciliation: "
        + "; ".join(line.strip() for line in reconcile.stdout.splitlines() if line.strip()),
        "  chaos: " + ", ".join(chaos.log),
    ]
    return "\n".join(lines)


def _behaviours(residents) -> dict:
    counts: dict[str, int] = {}
    for resident in residents:
        counts[resident.behaviour] = counts.get(resident.behaviour, 0) + 1
    return counts


def _part_statuses() -> dict:
    counts: dict[str, int] = {}
    for status in Fulfilment.objects.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


@pytest.mark.postgres
def test_kills_and_database_restarts_mid_checkout_lose_no_money_stock_or_order(app):
    seed = _seed()
    rng = random.Random(seed)
    stats, moments = Stats(), Moments()
    stripe = StripeSide(
        double=app.double,
        base_url=app.server.url,
        webhook_path=app.town.paths.webhook,
        secret=WEBHOOK_SECRET,
        stats=stats,
    )
    database = DatabaseRestart(
        settings_dict=connection.settings_dict,
        data_directory=PG_DATA,
        log_path=app.server.log_path.with_name("postgres.log"),
    )
    chaos = Chaos(
        server=app.server,
        database=database,
        double=app.double,
        moments=moments,
        stats=stats,
        seed=rng.random(),
    )
    counters = Counters(
        town=app.town, base_url=app.server.url, stats=stats, moments=moments, seed=rng.random()
    )
    crew = Crew(stats=stats, moments=moments, stripe=stripe, chaos=chaos, counters=counters)
    started = time.monotonic()
    residents: list[Resident] = []
    for number in range(ROUNDS):
        residents += _run_round(app=app, number=number, rng=rng, crew=crew)

    chaos_seconds = time.monotonic() - started
    connection.close()  # a real PostgreSQL restart took the test's own connection too
    # Recovery, as production does it: the server up, Stripe's retries, the cron job.
    chaos.stripe_faults_clear()
    app.server.start()
    stripe.join(timeout=60)
    for intent_id in stripe.not_answered():
        stripe.deliver_until_answered(intent_id)
    reconcile = manage(app.env, "payments_reconcile", "--settle", "--retry", "--older-than", "0")
    app.server.stop()
    report, report_clean = io.StringIO(), True
    try:  # the reconciliation's own view of the books (reads only)
        call_command("payments_reconcile", "--older-than", "0", "--fail-on-findings", stdout=report)
    except CommandError:
        report_clean = False
    recovery_seconds = time.monotonic() - started - chaos_seconds

    found = breaches(app.double, initial_stock=app.town.initial_stock)
    print(  # noqa: T201 - the summary asked for with -s
        "\n"
        + _summary(
            app=app,
            seed=seed,
            residents=residents,
            stats=stats,
            chaos=chaos,
            database=database,
            reconcile=reconcile,
            seconds=(chaos_seconds, recovery_seconds),
        )
    )
    problems = [f"invariant: {breach}" for breach in found]
    if not report_clean:
        problems.append(f"the reconciliation still reports findings:\n{report.getvalue()}")
    if reconcile.returncode != 0:
        problems.append(f"payments_reconcile exited with {reconcile.returncode}")
    problems += [f"driver: {error}" for error in stats.errors]
    problems += [f"Stripe never got a 200 for the event of {i}" for i in stripe.not_answered()]
    unkeyed = [post for post in app.double.posts() if not post.idempotency_key]
    problems += [f"Stripe POST without an idempotency key: {post}" for post in unkeyed]
    done = (app.server.kills, database.restarts, stats.counts["stripe faults"])
    if done != (ROUNDS * KILLS, ROUNDS * DB_RESTARTS, ROUNDS * STRIPE_FAULTS):
        problems.append(f"the chaos did not do all it was meant to: {done}")
    if stats.counts["checkouts attempted"] != ROUNDS * RESIDENTS or not Order.objects.exists():
        problems.append("the residents did not check out: the driver is broken")
    assert not problems, (
        "\n".join(problems)
        + f"\n\nseed {seed} (CRASH_SEED={seed} runs the same plan again; the threads' timing "
        "differs)\n"
        + f"reconcile:\n{reconcile.stdout}{reconcile.stderr[-3000:]}\n"
        + f"server log ({app.server.log_path}):\n{app.server.log_tail(40)}"
    )


# -- one crash point, exactly -------------------------------------------------------------------


def _until_payment_method(browser: Browser, town: Town, item, quantity: int) -> None:
    """A guest's basket with ``quantity`` of ``item``, the pickup time chosen (as pre-selected)."""
    paths = town.paths
    page = browser.get(item.path)
    assert browser.submit(page, {"quantity": str(quantity)}, id="add_to_basket_form").status == 302
    page = browser.get(paths.checkout)
    answer = browser.submit(
        page,
        {"username": "anwohnerin@example.org", "options": "anonymous"},
        class_="checkout-gateway",
    )
    assert answer.location == paths.pickup
    answer = browser.submit(browser.get(paths.pickup), action=paths.pickup)
    while answer.location and answer.location != paths.payment_method:
        answer = browser.get(answer.location)


def _pay_online(browser: Browser, town: Town):
    page = browser.get(town.paths.payment_method)
    return browser.submit(page, {"provider": "stripe"}, action=town.paths.payment_method)


@pytest.mark.postgres
def test_a_kill_between_the_intent_and_its_row_then_a_changed_basket_can_still_pay(app):
    """The server dies after Stripe created the PaymentIntent and before the app stored its
    ``Payment`` (the double answers slowly; the kill lands in between). The resident goes back,
    adds a loaf and chooses "pay online" again: that must work (a new intent for the new total),
    not end in "online payment is not available" for as long as Stripe keeps the key."""
    town, server, stripe = app.town, app.server, app.double
    bread = town.shops[0].items[0]
    browser = Browser(server.url)
    _until_payment_method(browser, town, bread, 1)

    stripe.fail_next("slow", path="/v1/payment_intents")

    def choose():
        with contextlib.suppress(Broken):
            _pay_online(browser, town)

    first = threading.Thread(target=choose, daemon=True)
    first.start()
    deadline = time.monotonic() + 30
    while not stripe.objects("payment_intent") and time.monotonic() < deadline:
        time.sleep(0.02)
    server.kill()  # Stripe has made the intent and is still "answering"
    first.join(20)
    server.start()
    [orphan] = stripe.objects("payment_intent")
    assert not Payment.objects.exists()  # the app never stored it

    # The basket changes (a second loaf), then "pay online" again. (With the basket unchanged
    # the same key would get the same intent back, and that works.)
    page = browser.get(bread.path)
    browser.submit(page, {"quantity": "1"}, id="add_to_basket_form")
    answer = _pay_online(browser, town)
    assert answer.location == town.paths.preview, says(answer)
    payment = Payment.objects.get()
    assert payment.amount == 2 * Decimal("3.60") and payment.intent_id != orphan["id"]


# -- the negative control -------------------------------------------------------------------------


def _post_to_double(stripe: StripeDouble, path: str, params: dict, key: str) -> dict:
    import json

    flat = {}
    for name, value in params.items():
        if isinstance(value, dict):
            for inner, inner_value in value.items():
                flat[f"{name}[{inner}]"] = inner_value
        else:
            flat[name] = value
    request = urllib.request.Request(  # noqa: S310 - the double on loopback
        f"{stripe.url}{path}",
        data=urlencode(flat).encode(),
        method="POST",
        headers={"Idempotency-Key": key, "Authorization": "Bearer sk_test_x"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        return json.loads(response.read())


def test_the_invariant_checker_reports_each_breach(db, double, settings):  # noqa: F811
    """A consistent state: an order of two shops, one part collected (transfer), one cancelled
    (refund), and a paid basket that could not be placed (voided). Then one breach at a time."""
    settings.STRIPE_ORDER_PLACER = ""
    bakery, books = shop_with_account(), shop_with_account()
    paid = stripe_order(double, (bakery, "4.50", 2), (books, "19.90", 1))
    collect(paid.parts[bakery])
    fulfilment_services.fulfilment_cancel(
        fulfilment_id=paid.parts[books].pk, reason="Leider ausverkauft."
    )
    lost = services.payment_start(order_number="999001", amount=Decimal("7.30"))
    double.intent_pays(lost.reference)
    services.payment_confirmed(order_number="999001", amount=Decimal("7.30"))
    services.payment_void(order_number="999001")
    initial = {record.pk: 100 for record in StockRecord.objects.all()}

    assert breaches(double, initial_stock=initial) == []

    part = Fulfilment.objects.get(pk=paid.parts[bakery].pk)
    transfer = Payout.objects.get(fulfilment=part)
    # A second transfer for the collected part (e.g. a retry with a new key).
    _post_to_double(
        double,
        "/v1/transfers",
        {
            "amount": 402,
            "currency": "eur",
            "destination": transfer.account_id,
            "transfer_group": paid.order.number,
            "metadata": {"order_number": paid.order.number, "part": part.reference},
        },
        key="a-second-key",
    )
    # An allocation bumped: one more unit held than open lines want.
    record = StockRecord.objects.filter(num_allocated=0).first()
    StockRecord.objects.filter(pk=record.pk).update(num_allocated=1)
    # A paid payment whose order vanished, and a basket with a second order.
    third = services.payment_start(order_number="999002", amount=Decimal("3.10"))
    double.intent_pays(third.reference)
    services.payment_confirmed(order_number="999002", amount=Decimal("3.10"))
    # A second order of the same basket, without a payment source.
    twin = stripe_order(double, (bakery, "1.00", 1))
    Order.objects.filter(pk=twin.order.pk).update(basket_id=paid.order.basket_id)
    twin.order.sources.all().delete()

    found = breaches(double, initial_stock=initial)
    print("\nnegative control, breaches found:\n  " + "\n  ".join(found))  # noqa: T201
    text = "\n".join(found)
    assert f"(c) part {part.reference}: 2 transfers" in text
    assert "is unknown to the database" in text  # the second transfer
    assert f"(b) stock record {record.pk} ({record.partner_sku}): num_allocated 1" in text
    assert f"(a) intent {third.reference} (order 999002) captured 310 cents: no order" in text
    assert f"(d) order {twin.order.number} has no payment source" in text
    assert f"(d) basket {paid.order.basket_id} has 2 orders" in text
    assert f"(c) order {paid.order.number}: transfers + fees + refunds" in text
