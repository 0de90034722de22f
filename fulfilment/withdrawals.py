"""The withdrawal button ("Vertrag widerrufen", § 356a BGB): rules, the two steps, the effects.

The resident needs no account. Step 1 finds the order, by order number and the order's e-mail
address (the pair is the secret; failures are counted per client address and per order number
in the cache, and too many lock the form for a while), or by the signed link of the order page.
The resident then chooses what to withdraw from. Step 2 shows the declaration and a button
"Confirm withdrawal"; only that POST stores anything. Between the steps the state travels in
signed, timed tokens (no session, nothing written): step 1 gives an identity token, step 2 a
declaration token with a random key, so a double submit of the same declaration stores one
``Withdrawal``.

What can be withdrawn from (``withdrawal_choices``):

* a part not collected yet: as a whole, at any time before the handover; it is cancelled (stock
  back) and refunded in full with the refund reason "withdrawn". Parts cannot be split, so
  perishable lines of a mixed part go with it, as they would when the part expires; a part of
  perishable goods only cannot be chosen;
* a collected part: its non-perishable lines, chosen one by one, until the end of the 14th day
  after the handover (``Fulfilment.withdrawal_last_day``); the resident is asked to bring them
  back to the shop within 14 days; the shop's "goods returned" refunds them ("withdrawn") and
  issues the credit note (``fulfilment.invoices``);
* perishable lines never (§ 312g (2) no. 2 BGB); they are shown with the reason;
* a part once: a part that has a withdrawal, or is cancelled or expired, cannot be chosen.

The confirmation of receipt (date and time) goes to the order's e-mail once, and each shop
concerned gets a note once (``fulfilment.notifications``).
"""

import hashlib
import hmac
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from fulfilment import invoices, notifications, services
from fulfilment.models import (
    WITHDRAWAL_DAYS,
    Fulfilment,
    FulfilmentEvent,
    Invoice,
    InvoiceKind,
    Withdrawal,
    WithdrawalOutcome,
    WithdrawalPart,
)
from fulfilment.selectors import PickupCustomer, order_customer
from fulfilment.states import OPEN, FulfilmentStatus
from vendors.models import Vendor

Order = get_model("order", "Order")
Line = get_model("order", "Line")

# Failed look-ups (number and e-mail not matching) per client address and per order number
# within the window, before the form refuses every look-up for the rest of the window.
LOOKUP_MAX_FAILURES = getattr(settings, "WITHDRAWAL_LOOKUP_MAX_FAILURES", 10)
LOOKUP_LOCK_MINUTES = getattr(settings, "WITHDRAWAL_LOOKUP_LOCK_MINUTES", 15)
# How long the signed tokens between the steps stay good.
STEP_MAX_AGE = timedelta(hours=2)

CANCEL = "cancel"
RETURN = "return"

_IDENTITY_SALT = "forst.fulfilment.withdrawal.order"
_DECLARATION_SALT = "forst.fulfilment.withdrawal.declaration"
_RECEIPT_SALT = "forst.fulfilment.withdrawal.receipt"


class WithdrawalError(services.FulfilmentError):
    """A withdrawal request that cannot be done; the message is for the person who asked."""


class WithdrawalLocked(WithdrawalError):
    """Too many failed look-ups: the form refuses look-ups for a while."""


def is_perishable(line) -> bool:
    return bool(getattr(line.product, "is_perishable", False))


# -- step 1: finding the order -------------------------------------------------------------------


def _counter_keys(*, client: str, number: str) -> list[str]:
    digest = hashlib.sha256(number.strip().encode()).hexdigest()[:32]
    return [f"withdrawal-lookup:client:{client or '-'}", f"withdrawal-lookup:order:{digest}"]


def lookup_locked(*, client: str, number: str) -> bool:
    """Whether look-ups from this client or for this order number are paused."""
    counts = cache.get_many(_counter_keys(client=client, number=number))
    return any(count >= LOOKUP_MAX_FAILURES for count in counts.values())


def _lookup_failed(*, client: str, number: str) -> None:
    for key in _counter_keys(client=client, number=number):
        cache.add(key, 0, timeout=LOOKUP_LOCK_MINUTES * 60)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=LOOKUP_LOCK_MINUTES * 60)


def order_lookup(*, number: str, email: str, client: str):
    """The order with this number whose e-mail address is ``email`` (any case).

    Raises WithdrawalLocked while look-ups are paused for the client or the number (also for a
    right pair), WithdrawalError when number and address do not belong together (the same
    answer whether the number exists or not); both count as failures.
    """
    number = number.strip()
    if lookup_locked(client=client, number=number):
        raise WithdrawalLocked(
            _(
                "Too many attempts. Please wait %(minutes)s minutes and try again, or open the "
                "link in your order confirmation."
            )
            % {"minutes": LOOKUP_LOCK_MINUTES}
        )
    order = Order.objects.filter(number=number).first() if number else None
    given = email.strip().lower().encode()
    known = ((order.email or "") if order is not None else "").strip().lower().encode()
    if order is None or not known or not hmac.compare_digest(given, known):
        _lookup_failed(client=client, number=number)
        raise WithdrawalError(
            _(
                "We could not find an order with this order number and e-mail address. Please "
                "check both; you find them in your order confirmation."
            )
        )
    return order


# -- tokens between the steps -------------------------------------------------------------------


def identity_token(order) -> str:
    """Proof for the next step that the resident named this order rightly (or had its link)."""
    return signing.TimestampSigner(salt=_IDENTITY_SALT).sign_object({"n": str(order.number)})


def order_from_identity_token(token: str):
    """The order of a good identity token, or None (forged, damaged or too old)."""
    try:
        data = signing.TimestampSigner(salt=_IDENTITY_SALT).unsign_object(
            token or "", max_age=STEP_MAX_AGE
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return Order.objects.filter(number=data.get("n")).first()


@dataclass(frozen=True)
class Declaration:
    """What the resident is about to confirm on step 2, and the key that makes it one."""

    order_number: str
    name: str
    part_ids: tuple[int, ...]
    line_ids: tuple[int, ...]
    key: str


def declaration_token(*, order, name: str, plan: list["PlannedPart"]) -> str:
    data = {
        "n": str(order.number),
        "name": name,
        "p": sorted(item.fulfilment.pk for item in plan if item.mode == CANCEL),
        "l": sorted(line.pk for item in plan if item.mode == RETURN for line in item.lines),
        "k": secrets.token_urlsafe(24),
    }
    return signing.TimestampSigner(salt=_DECLARATION_SALT).sign_object(data)


def declaration_from_token(token: str) -> Declaration | None:
    try:
        data = signing.TimestampSigner(salt=_DECLARATION_SALT).unsign_object(
            token or "", max_age=STEP_MAX_AGE
        )
        return Declaration(
            order_number=str(data["n"]),
            name=str(data["name"]),
            part_ids=tuple(int(pk) for pk in data["p"]),
            line_ids=tuple(int(pk) for pk in data["l"]),
            key=str(data["k"]),
        )
    except (signing.BadSignature, ValueError, TypeError, KeyError):
        return None


def receipt_token(withdrawal: Withdrawal) -> str:
    """The signed link to a withdrawal's receipt page (stable, like the order page's link)."""
    return signing.Signer(salt=_RECEIPT_SALT).sign(str(withdrawal.pk))


def withdrawal_from_receipt_token(token: str) -> Withdrawal | None:
    try:
        pk = int(signing.Signer(salt=_RECEIPT_SALT).unsign(token or ""))
    except (signing.BadSignature, ValueError):
        return None
    return Withdrawal.objects.select_related("order").filter(pk=pk).first()


# -- what can be withdrawn from ------------------------------------------------------------------


@dataclass(frozen=True)
class LineChoice:
    line: object
    perishable: bool


@dataclass(frozen=True)
class PartChoice:
    """A part as the withdrawal form shows it: how it can be withdrawn from (``CANCEL`` as a
    whole, ``RETURN`` line by line, or "" not at all, then ``unavailable`` says why)."""

    fulfilment: Fulfilment
    lines: list[LineChoice]
    mode: str
    unavailable: str = ""

    @property
    def vendor(self) -> Vendor:
        return self.fulfilment.vendor

    @property
    def has_perishables(self) -> bool:
        return any(choice.perishable for choice in self.lines)


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def withdrawal_choices(*, order, now: datetime | None = None) -> list[PartChoice]:
    """Every part of the order and what of it can be withdrawn from now (module docstring)."""
    now = now or timezone.now()
    parts = list(
        Fulfilment.objects.filter(order=order)
        .select_related("vendor", "order")
        .order_by("vendor__name", "pk")
    )
    withdrawn = {
        item.fulfilment_id: item
        for item in WithdrawalPart.objects.filter(fulfilment__order=order).select_related(
            "withdrawal"
        )
    }
    lines_by_partner = defaultdict(list)
    for line in Line.objects.filter(order=order).select_related("product").order_by("pk"):
        lines_by_partner[line.partner_id].append(line)
    choices = []
    for part in parts:
        lines = [
            LineChoice(line=line, perishable=is_perishable(line))
            for line in lines_by_partner[part.vendor.partner_id]
        ]
        mode, unavailable = "", ""
        if part.pk in withdrawn:
            declared = timezone.localtime(withdrawn[part.pk].withdrawal.declared_at)
            unavailable = _("You withdrew from this purchase on %(date)s.") % {
                "date": _date(declared)
            }
        elif part.status in (FulfilmentStatus.CANCELLED, FulfilmentStatus.EXPIRED):
            unavailable = _("This order was cancelled; there is nothing to withdraw from.")
        elif all(choice.perishable for choice in lines):
            unavailable = _(
                "Perishable goods are excluded from the right of withdrawal (§ 312g (2) no. 2 BGB)."
            )
        elif part.status in OPEN:
            mode = CANCEL
        elif part.withdrawal_period_open(now):
            mode = RETURN
        else:
            unavailable = _(
                "The withdrawal period ended on %(date)s (14 days after the handover)."
            ) % {"date": _date(part.withdrawal_last_day)}
        choices.append(PartChoice(fulfilment=part, lines=lines, mode=mode, unavailable=unavailable))
    return choices


@dataclass(frozen=True)
class PlannedPart:
    """A part chosen for the withdrawal and the lines it takes back."""

    choice: PartChoice
    lines: list

    @property
    def fulfilment(self) -> Fulfilment:
        return self.choice.fulfilment

    @property
    def mode(self) -> str:
        return self.choice.mode

    @property
    def amount(self) -> Decimal:
        if self.mode == CANCEL:
            return self.fulfilment.goods_total
        return sum((line.line_price_incl_tax for line in self.lines), Decimal(0))


def withdrawal_plan(*, order, part_ids, line_ids, now: datetime | None = None) -> list[PlannedPart]:
    """What the chosen ``part_ids`` (parts not collected) and ``line_ids`` (lines of collected
    parts) withdraw from; raises WithdrawalError for nothing chosen or anything that cannot be
    chosen (a perishable line, a part already withdrawn from, a period over)."""
    part_ids, line_ids = set(part_ids), set(line_ids)
    choices = withdrawal_choices(order=order, now=now)
    cancellable = {choice.fulfilment.pk for choice in choices if choice.mode == CANCEL}
    returnable = {
        line.line.pk
        for choice in choices
        if choice.mode == RETURN
        for line in choice.lines
        if not line.perishable
    }
    if part_ids - cancellable or line_ids - returnable:
        raise WithdrawalError(
            _("Some of what you chose cannot be withdrawn from (any more). Please choose again.")
        )
    plan = []
    for choice in choices:
        if choice.mode == CANCEL and choice.fulfilment.pk in part_ids:
            plan.append(PlannedPart(choice=choice, lines=[line.line for line in choice.lines]))
        elif choice.mode == RETURN:
            lines = [line.line for line in choice.lines if line.line.pk in line_ids]
            if lines:
                plan.append(PlannedPart(choice=choice, lines=lines))
    if not plan:
        raise WithdrawalError(_("Please choose what you want to withdraw from."))
    return plan


# -- step 2: the declaration and its effects ----------------------------------------------------


def withdrawal_declare(*, declaration: Declaration, language: str) -> Withdrawal:
    """Record a confirmed withdrawal, once per declaration key, with the time of receipt.

    Under row locks on the order's parts (primary-key order; the same order as a handover at
    the counter takes, part before order) the choice is checked again; parts not collected are
    cancelled (stock back) in the same transaction; the mails are queued for after commit; the
    refunds of cancelled parts follow the commit. A second call with the same key (a double
    submit, a reload) returns the first withdrawal and changes nothing. Raises WithdrawalError
    when the choice is no longer possible (e.g. the part was handed over meanwhile).
    """
    order = Order.objects.filter(number=declaration.order_number).first()
    if order is None:
        raise WithdrawalError(_("We could not find this order."))
    cancelled = []
    try:
        with transaction.atomic():
            list(Fulfilment.objects.select_for_update().filter(order=order).order_by("pk"))
            existing = Withdrawal.objects.filter(key=declaration.key).first()
            if existing is not None:
                return existing
            now = timezone.now()
            plan = withdrawal_plan(
                order=order,
                part_ids=declaration.part_ids,
                line_ids=declaration.line_ids,
                now=now,
            )
            withdrawal = Withdrawal.objects.create(
                order=order,
                name=declaration.name,
                email=order.email,
                language=language,
                declared_at=now,
                key=declaration.key,
            )
            for item in sorted(plan, key=lambda item: item.fulfilment.pk):  # lock order
                cancelled.extend(_withdraw_part(withdrawal=withdrawal, item=item, now=now))
            notifications.withdrawal_received_notify(withdrawal=withdrawal)
    except IntegrityError:  # the same declaration, stored by a parallel request first
        existing = Withdrawal.objects.filter(key=declaration.key).first()
        if existing is None:
            raise
        return existing
    for part in cancelled:
        services.part_refund(
            fulfilment=part, amount=part.goods_total, reason=services.REFUND_WITHDRAWN
        )
    return withdrawal


def _withdraw_part(*, withdrawal: Withdrawal, item: PlannedPart, now: datetime) -> list:
    """Store one part of a withdrawal; returns the parts cancelled (to refund after commit)."""
    cancelled = []
    if item.mode == CANCEL:
        part = services.fulfilment_cancel_withdrawn(fulfilment_id=item.fulfilment.pk)
        cancelled.append(part)
        record = WithdrawalPart.objects.create(
            withdrawal=withdrawal,
            fulfilment=part,
            outcome=WithdrawalOutcome.CANCELLED,
            amount=part.goods_total,
        )
    else:
        record = WithdrawalPart.objects.create(
            withdrawal=withdrawal,
            fulfilment=item.fulfilment,
            outcome=WithdrawalOutcome.AWAITING_RETURN,
            amount=item.amount,
            return_by=now + timedelta(days=WITHDRAWAL_DAYS),
        )
        FulfilmentEvent.objects.create(
            fulfilment=item.fulfilment,
            from_status=item.fulfilment.status,
            to_status=item.fulfilment.status,
            note="withdrawal: goods to be returned",
        )
    record.lines.set(item.lines)
    notifications.shop_withdrawal_notify(withdrawal_part=record)
    return cancelled


def withdrawal_goods_returned(*, vendor: Vendor, fulfilment_id: int, actor=None) -> WithdrawalPart:
    """The shop has the withdrawn goods of its collected part back: refund them ("withdrawn")
    and issue the credit note. Once: a repeat changes nothing. Raises Fulfilment.DoesNotExist
    for another shop's part, WithdrawalError when no goods are awaited for the part."""
    with transaction.atomic():
        part = Fulfilment.objects.select_for_update().get(pk=fulfilment_id, vendor=vendor)
        record = (
            WithdrawalPart.objects.select_for_update()
            .select_related("withdrawal")
            .filter(fulfilment=part)
            .first()
        )
        if record is None or record.outcome == WithdrawalOutcome.CANCELLED:
            raise WithdrawalError(_("No goods are to come back for this order."))
        if record.outcome == WithdrawalOutcome.RETURNED:
            return record
        record.outcome = WithdrawalOutcome.RETURNED
        record.returned_at = timezone.now()
        record.returned_by = actor
        record.save(update_fields=["outcome", "returned_at", "returned_by", "updated_at"])
        invoices.credit_note_issue(
            fulfilment_id=part.pk,
            lines=list(record.lines.all()),
            declared_at=record.withdrawal.declared_at,
        )
        FulfilmentEvent.objects.create(
            fulfilment=part,
            from_status=part.status,
            to_status=part.status,
            actor=actor,
            note="withdrawal: goods returned, refunded",
        )
    services.part_refund(fulfilment=part, amount=record.amount, reason=services.REFUND_WITHDRAWN)
    return record


# -- reads ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WithdrawalItem:
    """One shop's part of a withdrawal as the resident reads it."""

    part: WithdrawalPart
    lines: list
    excluded: list  # perishable lines of a collected part: they stay bought

    @property
    def vendor(self) -> Vendor:
        return self.part.fulfilment.vendor

    @property
    def is_cancelled(self) -> bool:
        return self.part.outcome == WithdrawalOutcome.CANCELLED


def withdrawal_items(*, withdrawal: Withdrawal) -> list[WithdrawalItem]:
    """The withdrawal's parts with their withdrawn lines (and, of collected parts, the
    perishable lines that stay bought), by shop name."""
    items = []
    records = withdrawal.parts.select_related("fulfilment__vendor", "fulfilment__order").order_by(
        "fulfilment__vendor__name", "pk"
    )
    for record in records:
        lines = list(record.lines.select_related("product").order_by("pk"))
        excluded = []
        if record.outcome != WithdrawalOutcome.CANCELLED:
            chosen = {line.pk for line in lines}
            excluded = [
                line
                for line in record.fulfilment.lines().select_related("product").order_by("pk")
                if line.pk not in chosen and is_perishable(line)
            ]
        items.append(WithdrawalItem(part=record, lines=lines, excluded=excluded))
    return items


def order_withdrawal_parts(*, order) -> dict[int, WithdrawalPart]:
    """The order's withdrawn parts, by part id (for the order page)."""
    return {
        record.fulfilment_id: record
        for record in WithdrawalPart.objects.filter(fulfilment__order=order).select_related(
            "withdrawal"
        )
    }


@dataclass(frozen=True)
class HandedOverPart:
    """A collected part in the shop's list: its documents and any withdrawal."""

    fulfilment: Fulfilment
    lines: list
    customer: PickupCustomer
    invoice: Invoice | None
    credit_note: Invoice | None
    withdrawal: WithdrawalPart | None

    @property
    def awaiting_return(self) -> bool:
        return (
            self.withdrawal is not None
            and self.withdrawal.outcome == WithdrawalOutcome.AWAITING_RETURN
        )

    @property
    def withdrawn_line_ids(self) -> set[int]:
        if self.withdrawal is None:
            return set()
        return {line.pk for line in self.withdrawal.lines.all()}


def vendor_parts_handed_over(
    *, vendor: Vendor, days: int = 30, now: datetime | None = None
) -> list[HandedOverPart]:
    """The vendor's parts collected in the last ``days`` days, and older ones whose withdrawn
    goods are still to come back; newest first, with the vendor's own lines only."""
    since = (now or timezone.now()) - timedelta(days=days)
    parts = list(
        Fulfilment.objects.filter(vendor=vendor, status=FulfilmentStatus.COLLECTED)
        .filter(
            Q(collected_at__gte=since)
            | Q(withdrawal_part__outcome=WithdrawalOutcome.AWAITING_RETURN)
        )
        .select_related(
            "vendor",
            "order",
            "order__user",
            "order__shipping_address",
            "order__billing_address",
            "withdrawal_part__withdrawal",
        )
        .prefetch_related(Prefetch("withdrawal_part__lines", queryset=Line.objects.order_by("pk")))
        .order_by("-collected_at", "-pk")
    )
    lines_by_order = defaultdict(list)
    for line in Line.objects.filter(
        order_id__in=[part.order_id for part in parts], partner_id=vendor.partner_id
    ).order_by("pk"):
        lines_by_order[line.order_id].append(line)
    documents = defaultdict(dict)
    for invoice in Invoice.objects.filter(vendor=vendor, fulfilment__in=parts):
        documents[invoice.fulfilment_id][invoice.kind] = invoice
    result = []
    for part in parts:
        try:
            record = part.withdrawal_part
        except WithdrawalPart.DoesNotExist:
            record = None
        result.append(
            HandedOverPart(
                fulfilment=part,
                lines=lines_by_order[part.order_id],
                customer=order_customer(order=part.order),
                invoice=documents[part.pk].get(InvoiceKind.INVOICE),
                credit_note=documents[part.pk].get(InvoiceKind.CREDIT_NOTE),
                withdrawal=record,
            )
        )
    return result
