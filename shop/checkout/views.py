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
from django.utils import timezone
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
from payments.registry import providers_available, providers_unavailable
from payments.services import order_provider
from shop.checkout.pickup import PickupChoice, basket_pickup_shops, pickup_choice, together_windows
from shop.checkout.placement import (
    PickupSlotGone,
    order_confirmation_send,
    order_place,
    payment_source_for,
    placement_context,
)
from shop.checkout.summary import legal_page_urls, order_summary
from shop.checkout.templatetags.checkout_pickup import pickup_clock, pickup_day

PickupForm, PaymentMethodForm = get_classes("checkout.forms", ["PickupForm", "PaymentMethodForm"])
UnableToTakePayment = get_class("payment.exceptions", "UnableToTakePayment")
PaymentError = get_class("payment.exceptions", "PaymentError")
OrderNumberGenerator = get_class("order.utils", "OrderNumberGenerator")
Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")

logger = logging.getLogger("oscar.checkout")

# A second submission of a basket whose first one is still running waits this long for its order.
SUBMISSION_WAIT_SECONDS = 10.0
_SUBMISSION_POLL_SECONDS = 0.2
STILL_PLACING = gettext_noop("Your order is still being placed. Please wait a moment.")
PAYMENT_UNAVAILABLE = gettext_noop(
    "Online payment is not available at the moment. Please try again in a few minutes or "
    "choose another payment method."
)


class BasketAlreadySubmitted(Exception):
    """Another request froze this basket first: it is being (or has been) submitted."""


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
    with what is left. A provider that takes the money online prepares its payment now
    (``payment_start``, with what is needed to place the order should the resident's browser
    never come back); if it cannot, the resident stays here with the reason and the stock is
    released. Not skipped for an order of 0 €: the provider is recorded on the order.
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

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["unavailable"] = providers_unavailable(vendors=self.basket_vendors())
        return ctx

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        provider = form.chosen_provider()
        self.checkout_session.pay_by(provider.identifier)
        basket = request.basket
        try:
            stock.basket_reserve(basket=basket)
        except stock.SoldOut as sold_out:
            for message in sold_out_messages(sold_out):
                messages.error(request, message)
            return redirect("basket:summary")
        total = self.build_submission()["order_total"]
        try:
            provider.payment_start(
                order_number=OrderNumberGenerator().order_number(basket),
                amount=total.incl_tax,
                currency=total.currency,
                basket=basket,
                context=placement_context(
                    request=request,
                    checkout_session=self.checkout_session,
                    provider=provider,
                    amount=total.incl_tax,
                ),
            )
        except UnableToTakePayment as refused:
            stock.basket_reservation_release(basket=basket)
            form.add_error("provider", str(refused))
            return self.render_to_response(self.get_context_data(form=form))
        except PaymentError:
            logger.exception("Basket #%s: the payment could not be prepared", basket.pk)
            stock.basket_reservation_release(basket=basket)
            form.add_error("provider", _(PAYMENT_UNAVAILABLE))
            return self.render_to_response(self.get_context_data(form=form))
        self.checkout_session.set_submitted_basket(basket)
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
        if self.preview and request.method == "GET":
            # On POST the placing itself checks the stock (under lock), and a payment taken
            # for a basket that sold out meanwhile is given back there.
            conditions = [
                *conditions,
                "check_stock_is_available",
                "check_online_payment_is_started",
            ]
        return conditions

    #: The online payment prepared for the preview (``payment_pending``), or None.
    payment_start = None
    #: Why the online payment cannot be shown now (the provider's server is not answering).
    payment_unavailable = ""

    def check_online_payment_is_started(self, request):
        """A provider that takes the money online has prepared the payment of exactly this
        total (the basket may have changed in another tab since): else back to the payment
        method, which prepares it again."""
        provider = self.payment_provider()
        if provider is None or not provider.pays_online:
            return
        basket = request.basket
        total = self.build_submission()["order_total"]
        try:
            self.payment_start = provider.payment_pending(
                order_number=OrderNumberGenerator().order_number(basket),
                amount=total.incl_tax,
                currency=total.currency,
            )
        except PaymentError:
            logger.exception("Basket #%s: the prepared payment could not be found", basket.pk)
            self.payment_unavailable = _(PAYMENT_UNAVAILABLE)
            return
        if self.payment_start is None:
            raise exceptions.FailedPreCondition(
                url=reverse("checkout:payment-method"),
                message=_("Your basket has changed. Please confirm the payment method again."),
            )

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

    def check_basket_is_valid(self, request):
        """Oscar's check; when it stops the order button (a product sold out or withdrawn
        meanwhile) after the resident paid, the payment goes back at once."""
        try:
            super().check_basket_is_valid(request)
        except exceptions.FailedPreCondition:
            if request.method == "POST" and request.POST.get("action") == "place_order":
                number = OrderNumberGenerator().order_number(request.basket)
                self._payment_void(number, "basket_invalid")
            raise

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
        provider.checkout_payment_take(order_number=order_number, total=total, request=self.request)
        self.add_payment_source(payment_source_for(provider=provider, total=total))

    def render_payment_details(self, request, **kwargs):
        """Oscar shows a payment it could not take on its payment-details page; ours is the
        preview (the error above the summary and the button)."""
        return self.render_preview(request, **kwargs)

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
        return order_place(
            basket=basket,
            slot_keys=self.checkout_session.pickup_slot_keys(),
            create_order=lambda: super(PaymentDetailsView, self).place_order(
                order_number, user, basket, *args, **kwargs
            ),
        )

    def handle_order_placement(self, order_number, *args, **kwargs):
        """Place the order; when that fails after the money was taken (slot gone, sold out,
        any error), the payment goes back in full at once (quality bar 7)."""
        try:
            return super().handle_order_placement(order_number, *args, **kwargs)
        except PickupSlotGone as gone:
            self.restore_frozen_basket()
            self._payment_void(order_number, "slot_gone")
            for message in pickup_gone_messages(gone.choice):
                messages.error(self.request, message)
            return redirect("checkout:pickup")
        except stock.SoldOut as sold_out:
            self.restore_frozen_basket()
            self._payment_void(order_number, "sold_out")
            for message in sold_out_messages(sold_out):
                messages.error(self.request, message)
            return redirect("basket:summary")
        except Exception:
            self._payment_void(order_number, "not_placed")
            raise  # Oscar logs it, restores the basket and shows its error

    def _payment_void(self, order_number, reason: str) -> None:
        provider = self.payment_provider()
        if Order.objects.filter(number=order_number).exists():
            return  # placed after all: its parts are refunded one by one if need be
        if (
            provider is not None
            and provider.pays_online
            and provider.payment_void(order_number=order_number, reason=reason)
        ):
            messages.info(
                self.request, _("Nothing was ordered. Your payment is being refunded in full.")
            )

    def send_order_placed_email(self, order):
        """Our order confirmation instead of Oscar's: exactly one mail."""
        order_confirmation_send(order)

    # -- the page ---------------------------------------------------------------------------------

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if self.preview and self.pickup is not None:
            ctx.update(
                summary=order_summary(shops=self.pickup_shops(), slots=self.pickup.slots),
                payment_provider=self.payment_provider(),
                legal_urls=legal_page_urls(self.request),
                payment_start=self.payment_start,
                payment_unavailable=self.payment_unavailable,
                payment_return_url=self.request.build_absolute_uri(
                    reverse("checkout:payment-return")
                ),
                stripe_js_url=settings.STRIPE_JS_URL,
            )
        return ctx


# ===================================
# Back from paying (Stripe's redirect)
# ===================================


class PaymentReturnView(oscar_views.CheckoutSessionMixin, generic.TemplateView):
    """Where the payment provider sends the browser after paying on its pages (3-D Secure,
    bank redirects). Nothing here is trusted or changed (GET): the page submits the basket's
    order (POST, as the "zahlungspflichtig bestellen" button does; the server then asks the
    provider whether the payment succeeded). Without JavaScript the resident presses the
    button. Once the webhook placed the order meanwhile, the POST lands on that order.
    """

    template_name = "oscar/checkout/payment_return.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        basket_id = self.request.basket.id or self.checkout_session.get_submitted_basket_id()
        failed = self.request.GET.get("redirect_status") == "failed"
        ctx.update(basket_id=basket_id, failed=failed)
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
