"""Writes on shops' parts of orders: create them at order time, move them forward, redeem codes.

Every status change goes through ``_move``: the part's row is locked, the move is checked
against ``fulfilment.states.TRANSITIONS`` (a repeated or late request changes nothing and says
so), the order lines and the order's derived status follow, and the change is logged as a
``FulfilmentEvent``. Stock and money follow the part: cancelled or expired parts release their
allocation and are refunded; collected parts consume their stock, are invoiced
(``fulfilment.invoices``) and are paid out. A resident's withdrawal (``fulfilment.withdrawals``)
cancels a part not collected yet (``fulfilment_cancel_withdrawn``), refund reason "withdrawn".
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from fulfilment import notifications, stock
from fulfilment.codes import code_digest, code_from_nonce, code_nonce_new, code_normalise
from fulfilment.models import Fulfilment, FulfilmentEvent, PickupCodeAttempt
from fulfilment.states import LINE_STATUS, FulfilmentStatus, can_move, order_status_for
from vendors.models import Vendor

Order = get_model("order", "Order")

CENT = Decimal("0.01")

# Why a part's money goes back: the name of its refund (one refund per part and reason).
REFUND_CANCELLED = FulfilmentStatus.CANCELLED.value
REFUND_EXPIRED = FulfilmentStatus.EXPIRED.value
REFUND_WITHDRAWN = "withdrawn"
REFUND_REASONS = frozenset({REFUND_CANCELLED, REFUND_EXPIRED, REFUND_WITHDRAWN})


class FulfilmentError(Exception):
    """A request on a part that cannot be done; the message is for the person who asked."""


@dataclass(frozen=True)
class PickupWindow:
    starts: datetime
    ends: datetime


def platform_fee_for(goods_total: Decimal) -> Decimal:
    """The platform's fee on a part: percent of the gross goods plus a fixed amount, in cents,
    half up, never more than the goods."""
    percent = Decimal(settings.PLATFORM_FEE_PERCENT)
    fixed = Decimal(settings.PLATFORM_FEE_FIXED)
    fee = (goods_total * percent / 100 + fixed).quantize(CENT, rounding=ROUND_HALF_UP)
    return min(fee, goods_total)


def _with_code(fulfilment: Fulfilment) -> None:
    """Give the part a fresh code seed whose code no other part has."""
    for _attempt in range(5):
        fulfilment.code_nonce = code_nonce_new()
        fulfilment.code_digest = code_digest(code_from_nonce(fulfilment.code_nonce))
        if not Fulfilment.objects.filter(code_digest=fulfilment.code_digest).exists():
            return
    raise FulfilmentError("Could not find a free pickup code.")  # 40 bits: not in this universe


def _goods_by_partner(*, order, lines_by_partner) -> dict[int, Decimal]:
    """Each shop's gross goods value: its lines' prices after discounts (a voucher for one
    shop's range lowers only that shop's part). Oscar rounds a basket-wide discount per line,
    so the lines can miss the order's total by a cent or two; that residue goes to the largest
    part, so the parts always add up to what the resident pays (no shipping: goods only)."""
    goods = {
        partner_id: sum((line.line_price_incl_tax for line in lines), Decimal(0)).quantize(
            CENT, rounding=ROUND_HALF_UP
        )
        for partner_id, lines in lines_by_partner.items()
    }
    payable = (order.total_incl_tax - (order.shipping_incl_tax or Decimal(0))).quantize(CENT)
    residue = payable - sum(goods.values(), Decimal(0))
    if residue and goods:
        lines = sum(len(lines) for lines in lines_by_partner.values())
        if abs(residue) > CENT * lines:
            raise FulfilmentError(
                f"Order {order.number}: its lines miss its total by {residue}, more than rounding"
            )
        largest = max(goods, key=lambda partner_id: (goods[partner_id], -partner_id))
        goods[largest] += residue
    return goods


@transaction.atomic
def fulfilments_create(*, order, windows: Mapping[int, PickupWindow]) -> list[Fulfilment]:
    """One part per shop of the order's lines, with its pickup window (by vendor id).

    Idempotent: an order that has its parts already gets them back unchanged.
    """
    existing = list(order.fulfilments.select_related("vendor"))
    if existing:
        return existing
    lines_by_partner = defaultdict(list)
    for line in order.lines.all():
        lines_by_partner[line.partner_id].append(line)
    vendors = {
        vendor.partner_id: vendor
        for vendor in Vendor.objects.filter(partner_id__in=lines_by_partner)
    }
    goods_by_partner = _goods_by_partner(order=order, lines_by_partner=lines_by_partner)
    parts = []
    for partner_id, lines in sorted(lines_by_partner.items()):
        vendor = vendors[partner_id]
        window = windows[vendor.pk]
        goods = goods_by_partner[partner_id]
        fee = platform_fee_for(goods)
        part = Fulfilment(
            order=order,
            vendor=vendor,
            pickup_starts=window.starts,
            pickup_ends=window.ends,
            collect_by=window.ends + timedelta(days=vendor.collect_within_days),
            goods_total=goods,
            platform_fee=fee,
            vendor_share=goods - fee,
        )
        _with_code(part)
        part.save()
        FulfilmentEvent.objects.create(fulfilment=part, to_status=part.status)
        for line in lines:
            line.status = LINE_STATUS[part.status]
            line.save(update_fields=["status"])
        parts.append(part)
        transaction.on_commit(partial(notifications.shop_part_placed_notify, fulfilment=part))
    _order_status_sync(order)
    return parts


def _order_status_sync(order) -> None:
    statuses = list(Fulfilment.objects.filter(order=order).values_list("status", flat=True))
    status = order_status_for(statuses)
    if order.status != status:
        Order.objects.filter(pk=order.pk).update(status=status)
        order.status = status


def _move(
    *, fulfilment_id: int, to: str, actor=None, vendor: Vendor | None = None, note: str = ""
) -> tuple[Fulfilment, bool]:
    """Lock the part and move it to ``to``. Returns (part, moved); moved is False when the part
    is in ``to`` already (a repeated request). Raises FulfilmentError for a move not allowed,
    or when ``vendor`` is given and the part is another shop's."""
    part = (
        Fulfilment.objects.select_for_update()
        .select_related("order", "vendor")
        .get(pk=fulfilment_id)
    )
    if vendor is not None and part.vendor_id != vendor.pk:
        raise Fulfilment.DoesNotExist
    if part.status == to:
        return part, False
    if not can_move(part.status, to):
        raise FulfilmentError(
            _("This order part is %(status)s and cannot become %(new)s.")
            % {"status": part.get_status_display(), "new": FulfilmentStatus(to).label}
        )
    previous = part.status
    part.status = to
    now = timezone.now()
    stamps = {
        FulfilmentStatus.READY: "ready_at",
        FulfilmentStatus.COLLECTED: "collected_at",
        FulfilmentStatus.CANCELLED: "closed_at",
        FulfilmentStatus.EXPIRED: "closed_at",
    }
    fields = ["status", "updated_at"]
    if to in stamps:
        setattr(part, stamps[to], now)
        fields.append(stamps[to])
    part.save(update_fields=fields)
    FulfilmentEvent.objects.create(
        fulfilment=part, from_status=previous, to_status=to, actor=actor, note=note[:255]
    )
    part.lines().update(status=LINE_STATUS[to])
    _order_status_sync(part.order)
    return part, True


@transaction.atomic
def fulfilment_accept(*, fulfilment_id: int, vendor: Vendor, actor=None) -> Fulfilment:
    """The shop confirms it has everything (needed for stock it does not count)."""
    part, _moved = _move(
        fulfilment_id=fulfilment_id, to=FulfilmentStatus.ACCEPTED, vendor=vendor, actor=actor
    )
    return part


@transaction.atomic
def fulfilment_mark_ready(*, fulfilment_id: int, vendor: Vendor, actor=None) -> Fulfilment:
    """The shop has packed the part; the resident is told it can be collected."""
    part, moved = _move(
        fulfilment_id=fulfilment_id, to=FulfilmentStatus.READY, vendor=vendor, actor=actor
    )
    if moved:
        transaction.on_commit(partial(notifications.part_ready_notify, fulfilment=part))
    return part


def _close_locked(
    *,
    fulfilment_id: int,
    to: str,
    reason: str,
    vendor=None,
    actor=None,
    tell_resident: bool = True,
) -> tuple[Fulfilment, bool]:
    """Inside the caller's transaction: move the part to cancelled or expired, give its stock
    back and queue the mails. Returns (part, moved); the caller refunds after commit."""
    part, moved = _move(fulfilment_id=fulfilment_id, to=to, vendor=vendor, actor=actor, note=reason)
    if moved:
        stock.lines_release(lines=list(part.lines().select_related("stockrecord")))
        if tell_resident:
            transaction.on_commit(partial(notifications.part_closed_notify, fulfilment=part))
        if to == FulfilmentStatus.EXPIRED:
            transaction.on_commit(partial(notifications.shop_part_expired_notify, fulfilment=part))
    return part, moved


def fulfilment_cancel_withdrawn(*, fulfilment_id: int) -> Fulfilment:
    """Inside the caller's transaction (``withdrawals.withdrawal_declare``): cancel a part not
    collected yet because the resident withdrew from it; its stock goes back. No cancellation
    mail: the confirmation of the withdrawal tells the resident. The caller refunds the part
    after commit (``part_refund`` with ``REFUND_WITHDRAWN``)."""
    part, _moved = _close_locked(
        fulfilment_id=fulfilment_id,
        to=FulfilmentStatus.CANCELLED,
        reason="withdrawn by the resident",
        tell_resident=False,
    )
    return part


def part_refund(*, fulfilment: Fulfilment, amount: Decimal, reason: str) -> None:
    """Money back for a part, outside any lock: the provider talks to the outside world; it is
    idempotent per part and reason (``REFUND_REASONS``)."""
    from payments.services import fulfilment_refund

    fulfilment_refund(fulfilment=fulfilment, amount=amount, reason=reason)


def _close(
    *,
    fulfilment_id: int,
    to: str,
    reason: str,
    vendor=None,
    actor=None,
    refund_reason: str | None = None,
    tell_resident: bool = True,
) -> Fulfilment:
    with transaction.atomic():
        part, moved = _close_locked(
            fulfilment_id=fulfilment_id,
            to=to,
            reason=reason,
            vendor=vendor,
            actor=actor,
            tell_resident=tell_resident,
        )
    if moved:
        part_refund(fulfilment=part, amount=part.goods_total, reason=refund_reason or to)
    return part


def fulfilment_cancel(
    *,
    fulfilment_id: int,
    reason: str,
    vendor: Vendor | None = None,
    actor=None,
    refund_reason: str = REFUND_CANCELLED,
    tell_resident: bool = True,
) -> Fulfilment:
    """Cancel a part (the shop cannot supply it, or the resident cancels before pickup).

    ``refund_reason`` names the refund (``REFUND_REASONS``): "withdrawn" when the resident
    withdrew from the contract; then the withdrawal's own mail tells the resident
    (``tell_resident=False``) instead of the cancellation mail.
    """
    if refund_reason not in REFUND_REASONS:
        raise ValueError(f"Unknown refund reason {refund_reason!r}")
    return _close(
        fulfilment_id=fulfilment_id,
        to=FulfilmentStatus.CANCELLED,
        reason=reason,
        vendor=vendor,
        actor=actor,
        refund_reason=refund_reason,
        tell_resident=tell_resident,
    )


def fulfilments_expire(*, now: datetime | None = None) -> list[Fulfilment]:
    """Expire every open part whose ``collect_by`` has passed (the scheduled task)."""
    now = now or timezone.now()
    due = Fulfilment.objects.filter(
        status__in=[FulfilmentStatus.PLACED, FulfilmentStatus.ACCEPTED, FulfilmentStatus.READY],
        collect_by__lte=now,
    ).values_list("pk", flat=True)
    expired = []
    for pk in list(due):
        try:
            expired.append(
                _close(
                    fulfilment_id=pk, to=FulfilmentStatus.EXPIRED, reason=_("not collected in time")
                )
            )
        except FulfilmentError:
            continue  # collected or cancelled meanwhile
    return expired


@dataclass(frozen=True)
class Redemption:
    fulfilment: Fulfilment
    lines: list


def _counter_locked(vendor: Vendor, now: datetime) -> bool:
    since = now - timedelta(minutes=settings.PICKUP_CODE_LOCK_MINUTES)
    failures = PickupCodeAttempt.objects.filter(
        vendor=vendor, succeeded=False, created_at__gte=since
    ).count()
    return failures >= settings.PICKUP_CODE_MAX_FAILURES


def pickup_code_redeem(*, vendor: Vendor, code: str, actor=None) -> Redemption:
    """Hand over a part at the counter: the code must be this shop's, once.

    Raises FulfilmentError with a message for the counter: wrong code, another shop's code
    (said the same way as a wrong one), already collected, cancelled, or too many wrong codes.
    Two simultaneous redemptions of one code: the row lock lets exactly one succeed.

    The part's invoice is issued in the same transaction (``fulfilment.invoices``): a part is
    collected if and only if it has its invoice. The resident is mailed a receipt with the
    invoice link after commit.
    """
    now = timezone.now()
    if _counter_locked(vendor, now):
        raise FulfilmentError(
            _("Too many wrong codes. Code entry is paused for %(minutes)s minutes.")
            % {"minutes": settings.PICKUP_CODE_LOCK_MINUTES}
        )
    normalised = code_normalise(code)
    part_id = None
    if normalised is not None:
        part_id = (
            Fulfilment.objects.filter(code_digest=code_digest(normalised), vendor=vendor)
            .values_list("pk", flat=True)
            .first()
        )
    if part_id is None:
        PickupCodeAttempt.objects.create(vendor=vendor, actor=actor, succeeded=False)
        raise FulfilmentError(_("This code is not valid for your shop. Please check it."))
    from fulfilment import invoices
    from payments.services import fulfilment_payout

    with transaction.atomic():
        part = Fulfilment.objects.select_for_update().get(pk=part_id)
        if part.status == FulfilmentStatus.COLLECTED:
            raise FulfilmentError(
                _("This order part was already handed over on %(when)s.")
                % {"when": timezone.localtime(part.collected_at).strftime("%d.%m.%Y %H:%M")}
            )
        part, _moved = _move(
            fulfilment_id=part_id,
            to=FulfilmentStatus.COLLECTED,
            vendor=vendor,
            actor=actor,
            note="pickup code",
        )
        lines = list(part.lines().select_related("stockrecord", "product"))
        stock.lines_consume(lines=lines)
        PickupCodeAttempt.objects.create(vendor=vendor, actor=actor, succeeded=True)
        invoices.invoice_issue(fulfilment_id=part.pk)
        transaction.on_commit(partial(notifications.part_collected_notify, fulfilment=part))
    fulfilment_payout(fulfilment=part)
    return Redemption(fulfilment=part, lines=lines)
