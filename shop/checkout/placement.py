"""Placing an order: the one transaction shared by the checkout view and the payment webhook.

``order_place`` is the core both use: the basket's shops locked, the chosen slots and the stock
re-checked under those locks, Oscar's order created (by the caller's ``create_order``), one part
per shop, the basket's reservation released. Nothing is placed if any of it fails.

``order_place_from_payment`` is ``settings.STRIPE_ORDER_PLACER``: it places the order of a paid
basket whose resident never came back from paying (quality bar 6), from what the checkout stored
with the payment (``placement_context``). It never competes with the resident's own request: a
basket that request has frozen is left alone (``PlacementBusy``: try again later) unless the
reconciliation, long after any request could still run, asks to take it over.
"""

import logging
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import translation
from oscar.core.loading import get_class, get_model

from fulfilment import stock
from fulfilment.services import fulfilments_create
from shop.checkout.pickup import PickupChoice, basket_pickup_shops, pickup_choice

Applicator = get_class("offer.applicator", "Applicator")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Repository = get_class("shipping.repository", "Repository")
Selector = get_class("partner.strategy", "Selector")
Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

logger = logging.getLogger("oscar.checkout")


class PickupSlotGone(Exception):
    """At order time a chosen slot is no longer offered (or a shop has no choice)."""

    def __init__(self, choice: PickupChoice):
        self.choice = choice
        super().__init__("pickup slot no longer offered")


class PlacementBusy(Exception):
    """The resident's own request holds the basket (frozen): it is placing the order now."""


def order_place(*, basket, slot_keys: dict[int, str], create_order: Callable[[], object]):
    """Place the order of ``basket`` in one transaction (see the module docstring).

    Raises ``PickupSlotGone`` or ``fulfilment.stock.SoldOut``; then nothing is placed.
    """
    with transaction.atomic():
        shops = basket_pickup_shops(basket=basket, lock=True)
        choice = pickup_choice(shops=shops, keys=slot_keys)
        if not choice.is_complete:
            raise PickupSlotGone(choice)
        stock.basket_allocation_check(basket=basket)
        order = create_order()
        fulfilments_create(order=order, windows=choice.windows())
        stock.basket_reservation_release(basket=basket)
    return order


def payment_source_for(*, provider, total) -> Source:
    """Oscar's payment ``Source`` recording which provider takes ``total`` (unsaved); its
    ``SourceType.code`` is read back by ``payments.services.order_provider``."""
    with translation.override(settings.LANGUAGE_CODE):
        name = str(provider.verbose_name)
    source_type, _created = SourceType.objects.get_or_create(
        code=provider.identifier, defaults={"name": name}
    )
    return Source(source_type=source_type, currency=total.currency, amount_allocated=total.incl_tax)


def placement_context(*, request, checkout_session, provider, amount: Decimal) -> dict:
    """What ``order_place_from_payment`` needs to place this checkout's order without the
    resident's browser (stored with the payment; JSON)."""
    user = request.user
    return {
        "slots": {str(vendor): key for vendor, key in checkout_session.pickup_slot_keys().items()},
        "provider": provider.identifier,
        "user_id": user.pk if user.is_authenticated else None,
        "guest_email": "" if user.is_authenticated else checkout_session.get_guest_email() or "",
        "language": translation.get_language() or settings.LANGUAGE_CODE,
        "amount": str(amount),
    }


def _user_of(context: dict):
    user_id = context.get("user_id")
    if user_id:
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if user is not None:
            return user
    return AnonymousUser()


def order_place_from_payment(
    *, order_number: str, basket_id: int | None, context: dict, frozen_takeover: bool = False
):
    """Place the order of a paid basket without its resident's request (the payment webhook or
    the reconciliation; see ``payments.stripe.services.payment_settle``).

    Returns the order (placed now, or placed before from this basket), or None when it cannot
    be placed: the basket is gone or was changed after paying, a slot is no longer offered, a
    product sold out. Then nothing is placed, the basket is open again for the resident, and the
    caller refunds the payment. Raises ``PlacementBusy`` while the resident's own request holds
    the basket; with ``frozen_takeover`` (the reconciliation, long after) a frozen basket is
    taken over.
    """
    from payments.registry import provider_for

    order = Order.objects.filter(number=order_number).first()
    if order is not None:
        return order
    if not basket_id:
        return None
    basket = Basket.objects.filter(pk=basket_id).first()
    if basket is None:
        return None
    if basket.status == Basket.SUBMITTED:
        return Order.objects.filter(basket_id=basket.pk).order_by("pk").first()
    takeable = [Basket.OPEN, Basket.FROZEN] if frozen_takeover else [Basket.OPEN]
    if not Basket.objects.filter(pk=basket.pk, status__in=takeable).update(status=Basket.FROZEN):
        raise PlacementBusy(f"basket {basket.pk} is being submitted by its resident")

    user = _user_of(context)
    basket = Basket.objects.get(pk=basket.pk)
    basket.strategy = Selector().strategy(user=user)
    Applicator().apply(basket, user, None)
    try:
        provider = provider_for(context.get("provider", ""))
        shipping_method = Repository().get_default_shipping_method(
            basket=basket, shipping_addr=None, user=user
        )
        shipping_charge = shipping_method.calculate(basket)
        total = OrderTotalCalculator().calculate(basket, shipping_charge)
        if basket.is_empty or total.incl_tax != Decimal(context.get("amount") or "-1"):
            logger.warning("Order #%s: the basket changed after paying", order_number)
            basket.thaw()
            return None

        def create_order():
            created = OrderCreator().place_order(
                basket=basket,
                total=total,
                shipping_method=shipping_method,
                shipping_charge=shipping_charge,
                user=user,
                order_number=order_number,
                guest_email=context.get("guest_email") or None,
                request=None,
            )
            source = payment_source_for(provider=provider, total=total)
            source.order = created
            source.save()
            return created

        slot_keys = {int(vendor): key for vendor, key in (context.get("slots") or {}).items()}
        order = order_place(basket=basket, slot_keys=slot_keys, create_order=create_order)
    except (PickupSlotGone, stock.SoldOut) as gone:
        logger.warning("Order #%s cannot be placed from its payment: %r", order_number, gone)
        basket.thaw()
        return None
    except Exception:
        basket.thaw()
        raise
    basket.submit()
    logger.info("Order #%s placed from its payment (the browser did not return)", order_number)
    with translation.override(context.get("language") or settings.LANGUAGE_CODE):
        order_confirmation_send(order)
    return order


def order_confirmation_send(order) -> None:
    """Our one confirmation mail (each shop's identity, items, window and code) instead of
    Oscar's. The order stands whatever happens here."""
    from fulfilment.notifications import order_placed_notify

    try:
        order_placed_notify(order=order)
    except Exception:
        logger.exception("Order #%s: the confirmation could not be sent", order.number)
