"""The resident's order page and the shop staff's pickup pages. Thin: reads through
``fulfilment.selectors``, writes through ``fulfilment.services``; nothing changes on GET.

Shop pages need a login, and the user must be staff of the shop named in the URL
(``Partner.users``); every object is found through a selector that takes that shop, so another
shop's part answers 404 like a part that does not exist. No page here may be cached.
"""

import segno
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from oscar.core.loading import get_model

from fulfilment import selectors, services
from fulfilment.forms import CancelForm, PickupCodeForm
from fulfilment.models import Fulfilment
from fulfilment.notifications import WITHDRAWAL_POLICY_PATH
from fulfilment.states import FulfilmentStatus, OrderStatus
from payments.services import order_provider
from vendors.models import Vendor

Order = get_model("order", "Order")


def qr_svg(code: str) -> str:
    """An inline SVG QR code (never Micro QR: phone cameras and BarcodeDetector read standard
    QR) that encodes the pickup code text only, drawn on the server: no request leaves the
    page. Safe HTML: segno escapes the title, and the code is of ``[0-9A-Z-]``."""
    qr = segno.make(code, error="m", micro=False)
    title = _("QR code of the pickup code %(code)s") % {"code": code}
    return mark_safe(  # noqa: S308 - built by segno from an escaped title and a code
        qr.svg_inline(
            scale=5, border=4, dark="#000", light="#fff", title=title, svgclass="pickup-qr"
        )
    )


@method_decorator(never_cache, name="dispatch")
class OrderPageView(TemplateView):
    """The resident's order, opened from the signed link in the mails: no login."""

    template_name = "fulfilment/order_page.html"

    def get(self, request, *args, **kwargs):
        try:
            self.order = selectors.order_get_by_token(token=kwargs["token"])
        except Order.DoesNotExist as exc:
            raise Http404 from exc
        response = super().get(request, *args, **kwargs)
        # The token is the key to this page: never send it on in a Referer, never index it.
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        parts = selectors.order_parts(order=self.order, with_opening_days=True)
        context.update(
            order=self.order,
            order_status=OrderStatus(self.order.status).label
            if self.order.status in OrderStatus.values
            else self.order.status,
            parts=[(part, qr_svg(part.code) if part.code else "") for part in parts],
            order_vat=selectors.vat_by_rate([line for part in parts for line in part.lines]),
            payment=order_provider(self.order),
            withdrawal_url=WITHDRAWAL_POLICY_PATH,
        )
        return context


class ShopStaffMixin(LoginRequiredMixin):
    """The shop named by ``slug`` in the URL, if the user is its staff; 404 otherwise."""

    vendor: Vendor

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            self.vendor = selectors.vendor_of_user_get(user=request.user, slug=kwargs["slug"])
        except Vendor.DoesNotExist as exc:
            raise Http404 from exc
        return super().dispatch(request, *args, **kwargs)

    def part_or_404(self, pk: int) -> Fulfilment:
        try:
            return selectors.vendor_fulfilment_get(vendor=self.vendor, fulfilment_id=pk)
        except Fulfilment.DoesNotExist as exc:
            raise Http404 from exc

    def parts_url(self) -> str:
        return reverse("fulfilment:shop_parts", kwargs={"slug": self.vendor.slug})


@method_decorator(never_cache, name="dispatch")
class ShopIndexView(LoginRequiredMixin, View):
    """/laden/: straight to the user's shop, or a choice when they work for several."""

    def get(self, request):
        vendors = list(selectors.vendors_of_user(user=request.user))
        if not vendors:
            raise Http404
        if len(vendors) == 1:
            return redirect("fulfilment:shop_parts", slug=vendors[0].slug)
        return render(request, "fulfilment/shop_index.html", {"vendors": vendors})


@method_decorator(never_cache, name="dispatch")
class ShopPartsView(ShopStaffMixin, TemplateView):
    """The shop's open parts: pickup window, items, pickup contact, and what to do next."""

    template_name = "fulfilment/shop_parts.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            vendor=self.vendor,
            parts=selectors.vendor_parts(vendor=self.vendor),
            cancel_form=CancelForm(),
            statuses=FulfilmentStatus,
        )
        return context


class _PartActionView(ShopStaffMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug, pk):
        part = self.part_or_404(pk)
        try:
            self.act(part)
        except services.FulfilmentError as exc:
            messages.error(request, str(exc))
        return HttpResponseRedirect(self.parts_url())

    def act(self, part: Fulfilment) -> None:
        raise NotImplementedError


@method_decorator(never_cache, name="dispatch")
class PartAcceptView(_PartActionView):
    def act(self, part):
        services.fulfilment_accept(
            fulfilment_id=part.pk, vendor=self.vendor, actor=self.request.user
        )
        messages.success(
            self.request, _("Order %(reference)s accepted.") % {"reference": part.reference}
        )


@method_decorator(never_cache, name="dispatch")
class PartReadyView(_PartActionView):
    def act(self, part):
        services.fulfilment_mark_ready(
            fulfilment_id=part.pk, vendor=self.vendor, actor=self.request.user
        )
        messages.success(
            self.request,
            _("Order %(reference)s is ready for pickup; the customer is told by e-mail.")
            % {"reference": part.reference},
        )


@method_decorator(never_cache, name="dispatch")
class PartCancelView(_PartActionView):
    def act(self, part):
        form = CancelForm(self.request.POST)
        if not form.is_valid():
            messages.error(self.request, _("Please give a reason for the cancellation."))
            return
        services.fulfilment_cancel(
            fulfilment_id=part.pk,
            vendor=self.vendor,
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            self.request,
            _("Order %(reference)s cancelled; the customer is told by e-mail.")
            % {"reference": part.reference},
        )


@method_decorator(never_cache, name="dispatch")
class CounterView(ShopStaffMixin, View):
    """The counter: type or scan the resident's code, see what to hand over, confirm.

    Looking a code up changes nothing but counts like a redemption for the lock-out: a code that
    is none of this shop's parts is passed to ``services.pickup_code_redeem``, the one place that
    records wrong codes (it finds no part for it, so it cannot hand anything over); while the
    counter is locked no code is looked up at all.
    """

    template_name = "fulfilment/counter.html"

    def get(self, request, slug):
        return self.render(PickupCodeForm())

    def post(self, request, slug):
        form = PickupCodeForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        code = form.cleaned_data["code"]
        if selectors.pickup_counter_locked(vendor=self.vendor):
            return self.refuse(form, self.locked_message())
        part = selectors.vendor_part_by_code(vendor=self.vendor, code=code)
        if part is None:
            try:
                services.pickup_code_redeem(vendor=self.vendor, code=code, actor=request.user)
            except services.FulfilmentError as exc:
                return self.refuse(form, str(exc))
            return self.refuse(form, _("Please enter the code again."))  # not reached
        if part.status == FulfilmentStatus.COLLECTED:
            when = timezone.localtime(part.collected_at).strftime("%d.%m.%Y %H:%M")
            message = _("This order part was already handed over on %(when)s.") % {"when": when}
            return self.refuse(form, message)
        if part.status in {FulfilmentStatus.CANCELLED, FulfilmentStatus.EXPIRED}:
            message = _("This order part is %(status)s. There is nothing to hand over.") % {
                "status": part.get_status_display()
            }
            return self.refuse(form, message)
        return self.render(
            PickupCodeForm(),
            found=part,
            found_code=code,
            lines=selectors.vendor_lines(vendor=self.vendor, fulfilment=part),
            customer=selectors.order_customer(order=part.order),
            not_ready=part.status != FulfilmentStatus.READY,
        )

    def refuse(self, form, message: str):
        return self.render(form, error=message, status=422)

    @staticmethod
    def locked_message() -> str:
        from django.conf import settings

        return _("Too many wrong codes. Code entry is paused for %(minutes)s minutes.") % {
            "minutes": settings.PICKUP_CODE_LOCK_MINUTES
        }

    def render(self, form, status: int = 200, **context):
        context.update(vendor=self.vendor, form=form)
        return render(self.request, self.template_name, context, status=status)


@method_decorator(never_cache, name="dispatch")
class CounterRedeemView(CounterView):
    """Confirm the handover: the part becomes collected (once; see pickup_code_redeem)."""

    http_method_names = ["post"]

    def post(self, request, slug):
        form = PickupCodeForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            redemption = services.pickup_code_redeem(
                vendor=self.vendor, code=form.cleaned_data["code"], actor=request.user
            )
        except services.FulfilmentError as exc:
            return self.refuse(PickupCodeForm(), str(exc))
        items = sum(line.quantity for line in redemption.lines)
        messages.success(
            request,
            _("Handed over: order %(reference)s, %(items)s items. Thank you!")
            % {"reference": redemption.fulfilment.reference, "items": items},
        )
        return redirect("fulfilment:counter", slug=self.vendor.slug)
