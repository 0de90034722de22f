"""The click-and-collect checkout: Oscar's views, each extended at its narrowest hook.

The steps (URL names in the ``checkout`` namespace):

1. ``index``: Oscar's gateway (guest e-mail or login); continues to our pickup step.
2. ``pickup`` (ours): a slot per shop of the basket, "everything ready from …" first.
3. ``shipping-address`` and ``shipping-method``: Oscar's; they skip themselves because no product
   class requires shipping (Oscar records its "no shipping required" method on the way).
4. ``payment-method``: a provider of ``payments.registry``; choosing it reserves the stock.
5. ``preview``: everything German law wants directly above the "zahlungspflichtig bestellen"
   button; its POST places the order (``PaymentDetailsView``).
6. ``thank-you``: each shop's pickup window, address and pickup code.

Placing the order re-checks the slots and the stock inside one transaction (shops' rows locked,
then the stock records) and creates one part per shop (``fulfilment.services``). A basket can be
submitted once: the freeze is a compare-and-set, and a repeated or parallel submission lands on
the order the first one placed.
"""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.core.signing import BadSignature, Signer
from django.db import transaction
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views import generic
from django.views.generic.edit import FormMixin
from oscar.apps.checkout import exceptions
from oscar.apps.checkout import views as oscar_views
from oscar.core.loading import get_class, get_classes, get_model

from fulfilment import stock
from fulfilment.links import order_page_path
from fulfilment.selectors import order_parts
from fulfilment.services import fulfilments_create
from payments.registry import providers_available
from payments.services import order_provider
from shop.checkout.pickup import PickupChoice, basket_pickup_shops, pickup_choice, together_windows
from shop.checkout.summary import legal_page_urls, order_summary
from shop.checkout.templatetags.checkout_pickup import pickup_clock, pickup_day

PickupForm, PaymentMethodForm = get_classes("checkout.forms", ["PickupForm", "PaymentMethodForm"])
UnableToTakePayment = get_class("payment.exceptions", "UnableToTakePayment")
Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

logger = logging.getLogger("oscar.checkout")

# A second submission of a basket whose first one is still running waits this long for its order.
SUBMISSION_WAIT_SECONDS = 10.0
_SUBMISSION_POLL_SECONDS = 0.2
STILL_PLACING = gettext_noop("Your order is still being placed. Please wait a moment.")


class BasketAlreadySubmitted(Exception):
    """Another request froze this basket first: it is being (or has been) submitted."""


class PickupSlotGone(Exception):
    """At order time a chosen slot is no longer offered (or a shop has no choice)."""

    def __init__(self, choice: PickupChoice):
        self.choice = choice
        super().__init__("pickup slot no longer offered")


def pickup_gone_messages(choice: PickupChoice) -> list[str]:
    found = []
    for shop, chosen in choice.gone:
        if chosen is None:
            found.append(_("Please choose a pickup time at %(shop)s.") % {"shop": shop.vendor.name})
        else:
            found.append(
                _(
                    "The pickup time you chose at %(shop)s (%(time)s) is no longer available. "
                    "Please choose another one."
                )
                % {"shop": shop.vendor.name, "time": _slot_start_text(chosen)}
            )
    for shop in choice.missing:
        found.append(_("Please choose a pickup time at %(shop)s.") % {"shop": shop.vendor.name})
    return found


def _slot_start_text(starts) -> str:
    return f"{pickup_day(starts)}, {pickup_clock(starts)}"


def sold_out_messages(error: stock.SoldOut) -> list[str]:
    found = []
    for shortage in error.shortages:
        values = {
            "title": shortage.title,
            "wanted": shortage.wanted,
            "available": shortage.available,
        }
        if shortage.available <= 0:
            found.append(
                _("Sorry, “%(title)s” is sold out. Please remove it from your basket.") % values
            )
        else:
            found.append(
                _(
                    "Sorry, only %(available)s of “%(title)s” are left (you wanted %(wanted)s). "
                    "Please change the quantity in your basket."
                )
                % values
            )
    return found


class PickupMixin:
    """The basket's shops with their slots, and the pre-condition that each has a valid choice."""

    pickup: PickupChoice | None = None

    def pickup_shops(self):
        if getattr(self, "_pickup_shops", None) is None:
            self._pickup_shops = basket_pickup_shops(basket=self.request.basket)
        return self._pickup_shops

    def check_pickup_is_chosen(self, request):
        """Every shop of the basket has a chosen slot that it still offers."""
        choice = pickup_choice(
            shops=self.pickup_shops(), keys=self.checkout_session.pickup_slot_keys()
        )
        if choice.gone:
            raise exceptions.FailedPreCondition(
                url=reverse("checkout:pickup"), messages=pickup_gone_messages(choice)
            )
        if choice.missing:
            raise exceptions.FailedPreCondition(url=reverse("checkout:pickup"))
        self.pickup = choice

    def basket_vendors(self):
        return [shop.vendor for shop in self.pickup_shops()]


# =======
# Gateway
# =======


class IndexView(oscar_views.IndexView):
    """Oscar's gateway; the next step is the pickup time, not a shipping address."""

    success_url = reverse_lazy("checkout:pickup")


# ======
# Pickup
# ======


class PickupView(PickupMixin, oscar_views.CheckoutSessionMixin, generic.FormView):
    """A pickup slot per shop; a window in which all shops have a slot is offered first.

    GET pre-selects, in this order: the window asked for with ``?together=<n>``, the stored
    choice where it is still offered, the first common window. A shop without any slot is
    named, with the way back to the basket to remove its items.
    """

    template_name = "oscar/checkout/pickup.html"
    form_class = PickupForm
    success_url = reverse_lazy("checkout:shipping-address")
    pre_conditions = [
        "check_basket_is_not_empty",
        "check_basket_is_valid",
        "check_user_email_is_captured",
    ]

    def together(self):
        if getattr(self, "_together", None) is None:
            shops = self.pickup_shops()
            self._together = together_windows(shops) if len(shops) > 1 else []
        return self._together

    def together_index(self) -> int | None:
        """The common window to pre-select: asked for, or the first one."""
        windows = self.together()
        try:
            asked = int(self.request.GET.get("together", ""))
        except ValueError:
            asked = None
        if asked is not None and 0 <= asked < len(windows):
            return asked
        return 0 if windows else None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["shops"] = self.pickup_shops()
        return kwargs

    def get_initial(self):
        shops = self.pickup_shops()
        index = self.together_index()
        window = self.together()[index] if index is not None else None
        asked = "together" in self.request.GET and window is not None
        stored = self.checkout_session.pickup_slot_keys()
        initial = {}
        for shop in shops:
            slot = None
            if not asked:
                slot = shop.slot_for(stored.get(shop.vendor.pk))
            if slot is None and window is not None:
                slot = window.slots.get(shop.vendor.pk)
            if slot is None and len(shops) == 1 and shop.slots:
                slot = shop.slots[0]
            if slot is not None:
                initial[PickupForm.field_name(shop)] = slot.key
        return initial

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = ctx["form"]
        rows = []
        for shop in self.pickup_shops():
            name = PickupForm.field_name(shop)
            bound = form[name] if name in form.fields else None
            selected = bound.value() if bound is not None else None
            rows.append(
                {
                    "shop": shop,
                    "vendor": shop.vendor,
                    "name": name,
                    "field": bound,
                    "selected": selected,
                    "days": shop.days(),
                }
            )
        windows = self.together()
        index = self.together_index()
        ctx.update(
            pickup_rows=rows,
            closed_shops=[shop.vendor for shop in self.pickup_shops() if not shop.slots],
            together=windows[index] if index is not None else None,
            together_others=[
                (number, window) for number, window in enumerate(windows) if number != index
            ],
            now=timezone.now(),
        )
        return ctx

    def form_valid(self, form):
        self.checkout_session.use_pickup_slots(form.slot_keys())
        return redirect(self.get_success_url())


# ==============
# Payment method
# ==============


class PaymentMethodView(PickupMixin, FormMixin, oscar_views.PaymentMethodView):
    """The providers that can take this basket (one alone is pre-selected).

    Choosing one (POST) reserves the basket's stock for the preview (``basket_reserve``); a
    product another basket or order has taken meanwhile sends the resident back to the basket
    with what is left. Not skipped for an order of 0 €: the provider is recorded on the order.
    """

    template_name = "oscar/checkout/payment_method.html"
    form_class = PaymentMethodForm
    success_url = reverse_lazy("checkout:preview")
    pre_conditions = [
        "check_basket_is_not_empty",
        "check_basket_is_valid",
        "check_user_email_is_captured",
        "check_pickup_is_chosen",
        "check_shipping_data_is_captured",
    ]
    skip_conditions: list[str] = []

    def providers(self):
        if getattr(self, "_providers", None) is None:
            self._providers = providers_available(vendors=self.basket_vendors())
        return self._providers

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["providers"] = self.providers()
        return kwargs

    def get_initial(self):
        chosen = self.checkout_session.payment_method()
        if chosen in {provider.identifier for provider in self.providers()}:
            return {"provider": chosen}
        return {}

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        self.checkout_session.pay_by(form.chosen_provider().identifier)
        try:
            stock.basket_reserve(basket=request.basket)
        except stock.SoldOut as sold_out:
            for message in sold_out_messages(sold_out):
                messages.error(request, message)
            return redirect("basket:summary")
        return redirect(self.get_success_url())


# ================
# Preview and order
# ================


class PaymentDetailsView(PickupMixin, oscar_views.PaymentDetailsView):
    """The preview (``preview=True``) and the placing of the order.

    Oscar's separate payment-details page is not used: it forwards to the payment method. The
    preview re-checks the pickup choice, the provider and the stock (without writing) on every
    request; the order is placed by Oscar's ``submit`` with these hooks: ``freeze_basket``
    (compare-and-set), ``handle_payment`` (the provider; its ``Source`` records which one),
    ``place_order`` (one transaction: slots under the shops' row locks, stock check, Oscar's
    order with stock allocation, one part per shop, reservation released),
    ``handle_order_placement`` (slot gone → pickup step, sold out → basket, nothing placed) and
    ``send_order_placed_email`` (our one confirmation instead of Oscar's).
    """

    pre_conditions = [
        "check_order_is_not_placed_already",
        "check_basket_is_not_empty",
        "check_basket_is_valid",
        "check_user_email_is_captured",
        "check_pickup_is_chosen",
        "check_shipping_data_is_captured",
    ]

    # -- conditions ------------------------------------------------------------------------------

    def get_skip_conditions(self, request):
        if not self.preview:
            return ["skip_payment_details"]
        return super().get_skip_conditions(request)

    def get_pre_conditions(self, request):
        conditions = super().get_pre_conditions(request)
        if self.preview:
            conditions = [*conditions, "check_stock_is_available"]
        return conditions

    def skip_payment_details(self, request):
        raise exceptions.PassedSkipCondition(url=reverse("checkout:payment-method"))

    def check_payment_data_is_captured(self, request):
        if self.payment_provider() is None:
            raise exceptions.FailedPreCondition(url=reverse("checkout:payment-method"))

    def check_stock_is_available(self, request):
        """The basket's quantities are still to be had (its own reservation counts for it)."""
        try:
            with transaction.atomic():
                stock.basket_allocation_check(basket=request.basket)
        except stock.SoldOut as sold_out:
            raise exceptions.FailedPreCondition(
                url=reverse("basket:summary"), messages=sold_out_messages(sold_out)
            ) from None

    def check_order_is_not_placed_already(self, request):
        """A repeated "place order" (double click, back and submit again) for a basket that has
        been submitted lands on that basket's order instead of the empty new basket."""
        if request.method != "POST" or request.POST.get("action") != "place_order":
            return
        basket = self._submitted_basket_of_requester(request.POST.get("basket_id"))
        if basket is None:
            return
        order = self._order_of_submission(basket.pk)
        if order is not None:
            self._remember_order(order)
            raise exceptions.FailedPreCondition(
                url=reverse("checkout:thank-you"),
                message=_("Your order has already been placed."),
            )
        if Basket.objects.filter(pk=basket.pk, status=Basket.FROZEN).exists():
            raise exceptions.FailedPreCondition(
                url=reverse("basket:summary"),
                message=_(STILL_PLACING),
            )

    def _submitted_basket_of_requester(self, basket_id):
        """The frozen or submitted basket with this id if it is the requester's: their own
        (logged in), the one their basket cookie names, or the one of the order this session
        placed."""
        try:
            pk = int(basket_id or "")
        except ValueError:
            return None
        open_basket = self.request.basket
        if open_basket.id == pk:
            return None  # still open: a first submission
        basket = Basket.objects.filter(pk=pk, status__in=[Basket.FROZEN, Basket.SUBMITTED]).first()
        if basket is None:
            return None
        user = self.request.user
        if user.is_authenticated and basket.owner_id == user.pk:
            return basket
        placed = self.request.session.get("checkout_order_id")
        if placed and Order.objects.filter(pk=placed, basket_id=pk).exists():
            return basket
        cookie = self.request.COOKIES.get(settings.OSCAR_BASKET_COOKIE_OPEN)
        if basket.owner_id is None and cookie:
            try:
                if Signer().unsign(cookie) == str(pk):
                    return basket
            except BadSignature:
                return None
        return None

    @staticmethod
    def _order_of_submission(basket_id: int):
        """The order placed from the basket; while another request still holds the basket
        frozen, wait for that request (bounded) before answering None."""
        deadline = time.monotonic() + SUBMISSION_WAIT_SECONDS
        while True:
            order = Order.objects.filter(basket_id=basket_id).order_by("pk").first()
            if order is not None:
                return order
            status = Basket.objects.filter(pk=basket_id).values_list("status", flat=True).first()
            if status != Basket.FROZEN or time.monotonic() >= deadline:
                return None
            time.sleep(_SUBMISSION_POLL_SECONDS)

    def _remember_order(self, order) -> None:
        self.checkout_session.flush()
        self.request.session["checkout_order_id"] = order.pk

    # -- payment ----------------------------------------------------------------------------------

    def payment_provider(self):
        """The chosen provider if it can (still) take this basket, else None."""
        chosen = self.checkout_session.payment_method()
        for provider in providers_available(vendors=self.basket_vendors()):
            if provider.identifier == chosen:
                return provider
        return None

    def handle_payment(self, order_number, total, **kwargs):
        """Record the provider as the order's payment source (``SourceType.code`` = provider
        identifier, read back by ``payments.services.order_provider``) for the gross total.

        A provider that takes money at checkout does so in ``checkout_payment_take`` (it may
        raise Oscar's RedirectRequired, UnableToTakePayment or PaymentError); pay at pickup has
        nothing to take.
        """
        provider = self.payment_provider()
        if provider is None:
            raise UnableToTakePayment(
                _("This payment method cannot be used for your basket. Please choose another.")
            )
        take = getattr(provider, "checkout_payment_take", None)
        if take is not None:
            take(order_number=order_number, total=total, request=self.request)
        with translation.override(settings.LANGUAGE_CODE):
            name = str(provider.verbose_name)
        source_type, _created = SourceType.objects.get_or_create(
            code=provider.identifier, defaults={"name": name}
        )
        self.add_payment_source(
            Source(
                source_type=source_type,
                currency=total.currency,
                amount_allocated=total.incl_tax,
            )
        )

    # -- placing the order ----------------------------------------------------------------------

    def freeze_basket(self, basket):
        """Freeze only an open basket, atomically: of two submissions, one wins."""
        frozen = Basket.objects.filter(pk=basket.pk, status=Basket.OPEN).update(
            status=Basket.FROZEN
        )
        if not frozen:
            raise BasketAlreadySubmitted
        basket.status = Basket.FROZEN

    def handle_place_order_submission(self, request):
        try:
            return super().handle_place_order_submission(request)
        except BasketAlreadySubmitted:
            order = self._order_of_submission(request.basket.id)
            if order is None:
                messages.warning(request, _(STILL_PLACING))
                return redirect("basket:summary")
            self._remember_order(order)
            messages.info(request, _("Your order has already been placed."))
            return redirect("checkout:thank-you")

    def place_order(self, order_number, user, basket, *args, **kwargs):
        with transaction.atomic():
            shops = basket_pickup_shops(basket=basket, lock=True)
            choice = pickup_choice(shops=shops, keys=self.checkout_session.pickup_slot_keys())
            if not choice.is_complete:
                raise PickupSlotGone(choice)
            stock.basket_allocation_check(basket=basket)
            order = super().place_order(order_number, user, basket, *args, **kwargs)
            fulfilments_create(order=order, windows=choice.windows())
            stock.basket_reservation_release(basket=basket)
        return order

    def handle_order_placement(self, *args, **kwargs):
        try:
            return super().handle_order_placement(*args, **kwargs)
        except PickupSlotGone as gone:
            self.restore_frozen_basket()
            for message in pickup_gone_messages(gone.choice):
                messages.error(self.request, message)
            return redirect("checkout:pickup")
        except stock.SoldOut as sold_out:
            self.restore_frozen_basket()
            for message in sold_out_messages(sold_out):
                messages.error(self.request, message)
            return redirect("basket:summary")

    def send_order_placed_email(self, order):
        """Our order confirmation (each shop's identity, items, window and code) instead of
        Oscar's: exactly one mail. The order stands whatever happens here."""
        from fulfilment.notifications import order_placed_notify

        try:
            order_placed_notify(order=order)
        except Exception:
            logger.exception("Order #%s: the confirmation could not be sent", order.number)

    # -- the page ---------------------------------------------------------------------------------

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if self.preview and self.pickup is not None:
            ctx.update(
                summary=order_summary(shops=self.pickup_shops(), slots=self.pickup.slots),
                payment_provider=self.payment_provider(),
                legal_urls=legal_page_urls(self.request),
            )
        return ctx


# =========
# Thank you
# =========


class ThankYouView(oscar_views.ThankYouView):
    """Oscar's thank-you page with each shop's part: window, address, opening hours, code."""

    def get_context_data(self, *args, **kwargs):
        ctx = super().get_context_data(*args, **kwargs)
        order = ctx["order"]
        try:
            order_url = order_page_path(order)
        except NoReverseMatch:  # the resident's order page is not mounted
            order_url = None
        ctx.update(
            parts=order_parts(order=order),
            payment_provider=order_provider(order),
            order_page_url=order_url,
        )
        return ctx
