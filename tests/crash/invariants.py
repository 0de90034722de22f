"""Quality bar 11's invariants, checked against the database AND Stripe's side (the double).

``breaches(double)`` returns one line per violation (empty: consistent). Prefixes name the
invariant:

* ``(a)`` every PaymentIntent Stripe shows as succeeded is either the live payment of exactly
  one order of its number, for exactly the order's total, or refunded in full at Stripe; the
  database agrees with Stripe about which intents are paid;
* ``(b)`` for every stock record, ``num_allocated`` equals the quantities of the order lines
  whose shop part is still open (placed/accepted/ready); nothing negative, nothing oversold;
  with the initial stock given, ``num_in_stock`` went down by exactly what was collected;
* ``(c)`` at most one transfer per shop part; transfers only for collected parts, each of the
  part's share; no transfer or refund at Stripe that the database does not know; per order,
  transfers + platform fees of collected parts + refunds + what open parts still hold = what
  was captured; no payout or refund left stored but not made;
* ``(d)`` every order has a payment source and one part per shop of its lines, a basket has at
  most one order, and an order paid with Stripe has exactly one live paid payment.

Amounts are compared in cents. Reads only; the caller makes sure nothing runs meanwhile.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count
from oscar.core.loading import get_model

from fulfilment.models import Fulfilment
from fulfilment.states import OPEN, FulfilmentStatus
from payments.models import Payment, PaymentStatus, Payout, PayoutStatus, Refund, RefundStatus

Line = get_model("order", "Line")
Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

CLOSED = {FulfilmentStatus.CANCELLED, FulfilmentStatus.EXPIRED}


def cents(amount: Decimal | None) -> int:
    return int((Decimal(amount or 0) * 100).to_integral_value())


def _stripe_order_numbers() -> set[str]:
    return set(
        Order.objects.filter(sources__source_type__code="stripe").values_list("number", flat=True)
    )


def breaches(double, *, initial_stock: dict[int, int] | None = None) -> list[str]:
    intents = {intent["id"]: intent for intent in double.objects("payment_intent")}
    stripe_refunds = double.objects("refund")
    stripe_transfers = double.objects("transfer")
    found: list[str] = []
    found += _captured_payments(intents, stripe_refunds)
    found += _stock(initial_stock or {})
    found += _money_per_part(intents, stripe_refunds, stripe_transfers)
    found += _orders()
    return found


# -- (a) ------------------------------------------------------------------------------------------


def _captured_payments(intents: dict[str, dict], stripe_refunds: list[dict]) -> list[str]:
    found = []
    refunded = Counter()
    for refund in stripe_refunds:
        refunded[refund["payment_intent"]] += refund["amount"]
    payments = {payment.intent_id: payment for payment in Payment.objects.all()}
    orders = {order.number: order for order in Order.objects.all()}
    for intent_id, intent in sorted(intents.items()):
        number = (intent.get("metadata") or {}).get("order_number", "")
        payment = payments.get(intent_id)
        paid = intent["status"] == "succeeded"
        if payment is not None and (payment.status == PaymentStatus.SUCCEEDED) != paid:
            found.append(
                f"(a) intent {intent_id} (order {number}) is {intent['status']} at Stripe but "
                f"{payment.status} in the database"
            )
        if not paid:
            if refunded[intent_id]:
                found.append(f"(a) intent {intent_id} was never paid but has refunds")
            continue
        received = intent["amount_received"]
        if payment is None:
            found.append(
                f"(a) intent {intent_id} (order {number}) captured {received} cents and the "
                "database has no payment for it"
            )
            continue
        order = orders.get(number)
        carries_order = payment.voided_at is None and order is not None
        if carries_order:
            if cents(order.total_incl_tax) != received:
                found.append(
                    f"(a) order {number} totals {cents(order.total_incl_tax)} cents, its intent "
                    f"{intent_id} captured {received}"
                )
        elif refunded[intent_id] != received:
            found.append(
                f"(a) intent {intent_id} (order {number}) captured {received} cents: "
                f"{'no order' if order is None else 'voided'}, and {refunded[intent_id]} "
                "refunded at Stripe"
            )
    for payment in payments.values():
        if payment.intent_id not in intents:
            found.append(f"(a) payment {payment} names intent {payment.intent_id} Stripe lacks")
    return found


# -- (b) ------------------------------------------------------------------------------------------


def _part_status_by_line() -> dict[tuple[int, int], str]:
    return {
        (order_id, partner_id): status
        for order_id, partner_id, status in Fulfilment.objects.values_list(
            "order_id", "vendor__partner_id", "status"
        )
    }


def _stock(initial_stock: dict[int, int]) -> list[str]:
    found = []
    statuses = _part_status_by_line()
    allocated_expected: Counter = Counter()
    collected: Counter = Counter()
    for line in Line.objects.all():
        status = statuses.get((line.order_id, line.partner_id))
        if status is None:
            found.append(f"(d) line {line.pk} of order {line.order_id} belongs to no shop part")
            continue
        if status in OPEN:
            allocated_expected[line.stockrecord_id] += line.quantity
        elif status == FulfilmentStatus.COLLECTED:
            collected[line.stockrecord_id] += line.quantity
    for record in StockRecord.objects.order_by("pk"):
        allocated = record.num_allocated or 0
        in_stock = record.num_in_stock
        label = f"stock record {record.pk} ({record.partner_sku})"
        if allocated != allocated_expected[record.pk]:
            found.append(
                f"(b) {label}: num_allocated {allocated}, open order lines "
                f"{allocated_expected[record.pk]}"
            )
        if allocated < 0 or (in_stock is not None and in_stock < 0):
            found.append(f"(b) {label}: negative (in stock {in_stock}, allocated {allocated})")
        if in_stock is not None and allocated > in_stock:
            found.append(f"(b) {label}: oversold (in stock {in_stock}, allocated {allocated})")
        if record.pk in initial_stock and in_stock is not None:
            expected = initial_stock[record.pk] - collected[record.pk]
            if in_stock != expected:
                found.append(
                    f"(b) {label}: {in_stock} in stock, expected {initial_stock[record.pk]} "
                    f"less {collected[record.pk]} collected = {expected}"
                )
    return found


# -- (c) ------------------------------------------------------------------------------------------


def _money_per_part(
    intents: dict[str, dict], stripe_refunds: list[dict], stripe_transfers: list[dict]
) -> list[str]:
    found = []
    transfers_of: dict[str, list[dict]] = defaultdict(list)
    for transfer in stripe_transfers:
        transfers_of[(transfer.get("metadata") or {}).get("part", "")].append(transfer)
    for reference, transfers in sorted(transfers_of.items()):
        if len(transfers) > 1:
            ids = ", ".join(t["id"] for t in transfers)
            found.append(f"(c) part {reference}: {len(transfers)} transfers ({ids})")

    known_transfers = set(
        Payout.objects.exclude(transfer_id="").values_list("transfer_id", flat=True)
    )
    for transfer in stripe_transfers:
        if transfer["id"] not in known_transfers:
            found.append(
                f"(c) transfer {transfer['id']} ({transfer['amount']} cents for part "
                f"{(transfer.get('metadata') or {}).get('part')}) is unknown to the database"
            )
    known_refunds = set(Refund.objects.exclude(refund_id="").values_list("refund_id", flat=True))
    for refund in stripe_refunds:
        if refund["id"] not in known_refunds:
            found.append(
                f"(c) refund {refund['id']} ({refund['amount']} cents of {refund['payment_intent']}"
                ") is unknown to the database"
            )
    for payout in Payout.objects.filter(status=PayoutStatus.REQUESTED).select_related("fulfilment"):
        found.append(f"(c) payout of part {payout.fulfilment.reference} stored but not made")
    for refund in Refund.objects.exclude(status=RefundStatus.SUCCEEDED).select_related("payment"):
        found.append(f"(c) refund {refund} is {refund.status}, not made")

    refunds_of_intent: dict[str, Counter] = defaultdict(Counter)
    for refund in stripe_refunds:
        part = (refund.get("metadata") or {}).get("part", "")
        refunds_of_intent[refund["payment_intent"]][part] += refund["amount"]
    reversals = defaultdict(Decimal)
    for fulfilment_id, amount in Refund.objects.filter(fulfilment__isnull=False).values_list(
        "fulfilment_id", "reversal_amount"
    ):
        reversals[fulfilment_id] += amount

    stripe_numbers = _stripe_order_numbers()
    live = {
        payment.order_number: payment
        for payment in Payment.objects.filter(
            status=PaymentStatus.SUCCEEDED, voided_at__isnull=True
        )
    }
    parts_of_order = defaultdict(list)
    for part in Fulfilment.objects.select_related("order"):
        parts_of_order[part.order.number].append(part)
    for number, parts in sorted(parts_of_order.items()):
        if number not in stripe_numbers:
            for part in parts:
                if transfers_of.get(part.reference):
                    found.append(f"(c) part {part.reference} is not paid online but transferred")
            continue
        payment = live.get(number)
        if payment is None:
            continue  # reported under (d)
        intent = intents.get(payment.intent_id)
        if intent is None:
            continue  # reported under (a)
        refunded = refunds_of_intent[payment.intent_id]
        accounted = 0
        for part in parts:
            net = sum(
                t["amount"] - t["amount_reversed"] for t in transfers_of.get(part.reference, [])
            )
            part_refunded = refunded[part.reference]
            if part.status == FulfilmentStatus.COLLECTED:
                share = cents(part.vendor_share - reversals[part.pk])
                if net != share:
                    found.append(
                        f"(c) part {part.reference} collected: {net} cents transferred, its share "
                        f"is {share}"
                    )
                fee_kept = cents(part.platform_fee) - (part_refunded - cents(reversals[part.pk]))
                accounted += net + fee_kept + part_refunded
            elif part.status in CLOSED:
                if net:
                    found.append(f"(c) part {part.reference} {part.status} but {net} transferred")
                if part_refunded != cents(part.goods_total):
                    found.append(
                        f"(c) part {part.reference} {part.status}: {part_refunded} cents "
                        f"refunded of {cents(part.goods_total)}"
                    )
                accounted += part_refunded
            else:
                if net or part_refunded:
                    found.append(
                        f"(c) part {part.reference} still open: {net} transferred, "
                        f"{part_refunded} refunded"
                    )
                accounted += cents(part.goods_total)
        whole = refunded[number]
        if whole:
            found.append(f"(c) order {number} exists but {whole} cents were refunded as a void")
        if accounted + whole != intent["amount_received"]:
            found.append(
                f"(c) order {number}: transfers + fees + refunds + open parts = "
                f"{accounted + whole} cents, captured {intent['amount_received']}"
            )
    return found


# -- (d) ------------------------------------------------------------------------------------------


def _orders() -> list[str]:
    found = []
    for order in Order.objects.annotate(sources_count=Count("sources")).filter(sources_count=0):
        found.append(f"(d) order {order.number} has no payment source")
    for row in (
        Order.objects.exclude(basket_id=None)
        .values("basket_id")
        .annotate(orders=Count("id"))
        .filter(orders__gt=1)
    ):
        found.append(f"(d) basket {row['basket_id']} has {row['orders']} orders")
    live = Counter(
        Payment.objects.filter(status=PaymentStatus.SUCCEEDED, voided_at__isnull=True).values_list(
            "order_number", flat=True
        )
    )
    received = dict(
        Payment.objects.filter(status=PaymentStatus.SUCCEEDED, voided_at__isnull=True).values_list(
            "order_number", "amount_received"
        )
    )
    stripe_numbers = _stripe_order_numbers()
    partners = defaultdict(set)
    for order_id, partner_id in Line.objects.values_list("order_id", "partner_id"):
        partners[order_id].add(partner_id)
    shops = defaultdict(list)
    for order_id, partner_id in Fulfilment.objects.values_list("order_id", "vendor__partner_id"):
        shops[order_id].append(partner_id)
    for order in Order.objects.all():
        if order.number in stripe_numbers:
            if live[order.number] != 1:
                found.append(
                    f"(d) order {order.number} has {live[order.number]} live paid payments"
                )
            elif cents(received[order.number]) != cents(order.total_incl_tax):
                found.append(
                    f"(d) order {order.number}: {received[order.number]} received, "
                    f"total {order.total_incl_tax}"
                )
        if sorted(shops[order.pk]) != sorted(partners[order.pk]):
            found.append(
                f"(d) order {order.number}: parts for partners {sorted(shops[order.pk])}, lines "
                f"of {sorted(partners[order.pk])}"
            )
    return found
