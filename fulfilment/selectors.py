"""Reads on shops' parts of orders: for the resident's order page and mails, and for shop staff.

Two audiences, two doors:

* the resident, who holds a signed order link (``fulfilment.links``): everything of their order;
* shop staff (non-staff users in the shop's ``Partner.users``): every read takes the ``vendor``
  and is filtered by it, so a shop sees only its own parts and lines, and of the order only what
  pickup needs (``PickupCustomer``: name, e-mail, phone), never another shop's lines.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from oscar.core.loading import get_model

from fulfilment.codes import code_digest, code_display, code_from_nonce, code_normalise
from fulfilment.links import order_number_from_token
from fulfilment.models import Fulfilment, FulfilmentEvent, PickupCodeAttempt
from fulfilment.states import OPEN, FulfilmentStatus
from vendors.models import OpeningException, OpeningHours, Vendor
from vendors.opening_hours import week_schedule

Order = get_model("order", "Order")
Line = get_model("order", "Line")

CENT = Decimal("0.01")


@dataclass(frozen=True)
class VatAmount:
    """The VAT contained in some gross amount at one rate (percent)."""

    rate: Decimal
    amount: Decimal


@dataclass
class PartSummary:
    """One shop's part as the resident sees it: the shop, its lines, VAT, and the code while
    the part can still be collected."""

    fulfilment: Fulfilment
    lines: list
    vat: list[VatAmount]
    code: str | None
    opening_days: list = field(default_factory=list)

    @property
    def vendor(self) -> Vendor:
        return self.fulfilment.vendor

    @property
    def is_open(self) -> bool:
        return self.fulfilment.status in OPEN

    @property
    def has_perishables(self) -> bool:
        return any(getattr(line.product, "is_perishable", False) for line in self.lines)


@dataclass(frozen=True)
class PickupCustomer:
    """What a shop may know of the resident: enough to hand over and to reach them."""

    name: str
    email: str
    phone: str


def vat_by_rate(lines) -> list[VatAmount]:
    """VAT per rate over order lines (after discounts), rates from ``settings.VAT_RATES`` by the
    line's tax code, rounded to the cent per rate (half up); highest rate first."""
    totals: dict[Decimal, Decimal] = defaultdict(Decimal)
    for line in lines:
        gross, net = line.line_price_incl_tax, line.line_price_excl_tax
        rate = settings.VAT_RATES.get(line.tax_code or "")
        if rate is None:  # a line from before the tax codes: the rate its amounts imply
            rate = ((gross - net) * 100 / net).quantize(Decimal(1)) if net else Decimal(0)
        totals[Decimal(rate)] += gross - net
    return [
        VatAmount(rate=rate, amount=amount.quantize(CENT, rounding=ROUND_HALF_UP))
        for rate, amount in sorted(totals.items(), reverse=True)
        if rate
    ]


def pickup_code_for(fulfilment: Fulfilment) -> str | None:
    """The code to show the resident, ``K7Q4-9MXT``; None once the part is collected or closed."""
    if fulfilment.status not in OPEN or not fulfilment.code_nonce:
        return None
    return code_display(code_from_nonce(fulfilment.code_nonce))


# -- the resident ------------------------------------------------------------------------------


def order_get_by_token(*, token: str):
    """The order a signed link points to; raises Order.DoesNotExist for a forged token."""
    number = order_number_from_token(token)
    if number is None:
        raise Order.DoesNotExist
    return Order.objects.select_related("user", "shipping_address", "billing_address").get(
        number=number
    )


def _order_lines(order) -> list:
    return list(
        Line.objects.filter(order=order)
        .select_related("product", "stockrecord")
        .order_by("partner_id", "pk")
    )


def order_parts(*, order, with_opening_days: bool = False) -> list[PartSummary]:
    """Every part of the order with its shop, lines, VAT per rate and pickup code, by shop name.

    ``with_opening_days`` adds the shop's next seven days of opening hours (the order page).
    """
    parts = (
        Fulfilment.objects.filter(order=order)
        .select_related("vendor")
        .order_by("vendor__name", "pk")
    )
    if with_opening_days:
        parts = parts.prefetch_related(
            Prefetch("vendor__opening_hours", queryset=OpeningHours.objects.order_by("weekday")),
            Prefetch(
                "vendor__opening_exceptions",
                queryset=OpeningException.objects.order_by("start_date"),
            ),
        )
    lines_by_partner = defaultdict(list)
    for line in _order_lines(order):
        lines_by_partner[line.partner_id].append(line)
    today = timezone.localdate()
    summaries = []
    for part in parts:
        part.order = order
        lines = lines_by_partner[part.vendor.partner_id]
        days = []
        if with_opening_days:
            days = week_schedule(
                list(part.vendor.opening_hours.all()),
                list(part.vendor.opening_exceptions.all()),
                start=today,
            )
        summaries.append(
            PartSummary(
                fulfilment=part,
                lines=lines,
                vat=vat_by_rate(lines),
                code=pickup_code_for(part),
                opening_days=days,
            )
        )
    return summaries


def order_customer(*, order) -> PickupCustomer:
    """The resident behind an order: name, e-mail and phone as the checkout recorded them."""
    name = ""
    phone = ""
    for address in (order.shipping_address, order.billing_address):
        if address is None:
            continue
        name = name or address.name
        phone = phone or str(getattr(address, "phone_number", "") or "")
    if order.user is not None:
        name = order.user.get_full_name() or name
    return PickupCustomer(name=name, email=order.email or "", phone=phone)


def part_close_reason(*, fulfilment: Fulfilment) -> str:
    """The reason given when the part was cancelled or expired (blank if none)."""
    event = (
        FulfilmentEvent.objects.filter(fulfilment=fulfilment, to_status=fulfilment.status)
        .exclude(from_status=fulfilment.status)
        .order_by("-created_at", "-id")
        .first()
    )
    return event.note if event else ""


# -- shop staff ---------------------------------------------------------------------------------


def vendors_of_user(*, user) -> QuerySet[Vendor]:
    """The shops whose staff the user is (``Partner.users``)."""
    if not user.is_authenticated:
        return Vendor.objects.none()
    return Vendor.objects.filter(partner__users=user).order_by("name")


def vendor_of_user_get(*, user, slug: str) -> Vendor:
    """The user's shop by slug; raises Vendor.DoesNotExist when the user is not its staff."""
    return vendors_of_user(user=user).get(slug=slug)


def vendor_lines(*, vendor: Vendor, fulfilment: Fulfilment) -> list:
    """The lines of the vendor's part (only its own partner's lines)."""
    if fulfilment.vendor_id != vendor.pk:
        raise Fulfilment.DoesNotExist
    return list(
        Line.objects.filter(order_id=fulfilment.order_id, partner_id=vendor.partner_id)
        .select_related("product")
        .order_by("pk")
    )


def vendor_fulfilments(*, vendor: Vendor, statuses=OPEN) -> QuerySet[Fulfilment]:
    """The vendor's parts in ``statuses``, soonest pickup first, with their order loaded."""
    return (
        Fulfilment.objects.filter(vendor=vendor, status__in=list(statuses))
        .select_related(
            "vendor", "order", "order__user", "order__shipping_address", "order__billing_address"
        )
        .order_by("pickup_starts", "pk")
    )


def vendor_fulfilment_get(*, vendor: Vendor, fulfilment_id: int) -> Fulfilment:
    """One of the vendor's parts; raises Fulfilment.DoesNotExist for another shop's part."""
    return vendor_fulfilments(vendor=vendor, statuses=list(FulfilmentStatus)).get(pk=fulfilment_id)


@dataclass(frozen=True)
class VendorPart:
    """A part in the shop's list: the part, its (own) lines and the pickup contact."""

    fulfilment: Fulfilment
    lines: list
    customer: PickupCustomer


def vendor_parts(*, vendor: Vendor, statuses=OPEN) -> list[VendorPart]:
    """The vendor's parts with their own lines and pickup contact (two queries in all)."""
    parts = list(vendor_fulfilments(vendor=vendor, statuses=statuses))
    lines_by_order = defaultdict(list)
    for line in (
        Line.objects.filter(
            order_id__in=[part.order_id for part in parts], partner_id=vendor.partner_id
        )
        .select_related("product")
        .order_by("pk")
    ):
        lines_by_order[line.order_id].append(line)
    return [
        VendorPart(
            fulfilment=part,
            lines=lines_by_order[part.order_id],
            customer=order_customer(order=part.order),
        )
        for part in parts
    ]


def vendor_part_by_code(*, vendor: Vendor, code: str) -> Fulfilment | None:
    """The vendor's part with this pickup code (any status), or None (another shop's code too)."""
    normalised = code_normalise(code)
    if normalised is None:
        return None
    return (
        vendor_fulfilments(vendor=vendor, statuses=list(FulfilmentStatus))
        .filter(code_digest=code_digest(normalised))
        .first()
    )


def pickup_counter_locked(*, vendor: Vendor, now: datetime | None = None) -> bool:
    """Whether code entry at the vendor's counter is paused after too many wrong codes (the
    rule of ``fulfilment.services.pickup_code_redeem``)."""
    since = (now or timezone.now()) - timedelta(minutes=settings.PICKUP_CODE_LOCK_MINUTES)
    failures = PickupCodeAttempt.objects.filter(
        vendor=vendor, succeeded=False, created_at__gte=since
    ).count()
    return failures >= settings.PICKUP_CODE_MAX_FAILURES


def reminders_due(*, now: datetime | None = None, within: timedelta = timedelta(hours=24)):
    """Ready parts whose ``collect_by`` falls within ``within`` from now and that were not
    reminded yet (ids; the reminder itself locks and re-checks each part)."""
    now = now or timezone.now()
    return list(
        Fulfilment.objects.filter(
            status=FulfilmentStatus.READY,
            reminded_at__isnull=True,
            collect_by__gt=now,
            collect_by__lte=now + within,
        )
        .order_by("collect_by", "pk")
        .values_list("pk", flat=True)
    )


def confirmations_due(
    *,
    now: datetime | None = None,
    after: timedelta = timedelta(minutes=5),
    within: timedelta = timedelta(days=7),
) -> list[int]:
    """Orders placed between ``within`` and ``after`` ago whose confirmation was never sent
    (ids): its task died with a crash or a lost database connection. The sending locks the
    order and re-checks, so a confirmation on its way meanwhile is not sent twice."""
    now = now or timezone.now()
    return list(
        Order.objects.filter(
            date_placed__lte=now - after,
            date_placed__gte=now - within,
            fulfilments__isnull=False,
        )
        .exclude(communication_events__event_type__code="ORDER_PLACED")
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
