"""The resident's order page, invoices and the withdrawal button, and the shop staff's pickup
pages. Thin: reads through ``fulfilment.selectors`` (and the read functions of
``fulfilment.invoices`` and ``fulfilment.withdrawals``), writes through the services there;
nothing changes on GET.

The resident's pages need no login: the order page, its documents and the withdrawal steps
opened from it are keyed by the order's signed link; the withdrawal form found by order number
and e-mail passes signed, timed tokens from step to step (``fulfilment.withdrawals``).

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
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from oscar.core.loading import get_model

from fulfilment import invoices, selectors, services, withdrawals
from fulfilment.forms import (
    CancelForm,
    PickupCodeForm,
    WithdrawalChoiceForm,
    WithdrawalConfirmForm,
    WithdrawalLookupForm,
)
from fulfilment.links import order_token
from fulfilment.models import Fulfilment, Invoice, InvoiceKind
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
        self.order = _order_or_404(kwargs["token"])
        return _private(super().get(request, *args, **kwargs))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        parts = selectors.order_parts(order=self.order, with_opening_days=True)
        documents = invoices.order_invoices(order=self.order)
        withdrawn = withdrawals.order_withdrawal_parts(order=self.order)
        context.update(
            order=self.order,
            order_token=order_token(self.order),
            order_status=OrderStatus(self.order.status).label
            if self.order.status in OrderStatus.values
            else self.order.status,
            parts=[
                (
                    part,
                    qr_svg(part.code) if part.code else "",
                    documents.get(part.fulfilment.pk, []),
                    withdrawn.get(part.fulfilment.pk),
                )
                for part in parts
            ],
            order_vat=selectors.vat_by_rate([line for part in parts for line in part.lines]),
            payment=order_provider(self.order),
            withdrawal_url=WITHDRAWAL_POLICY_PATH,
        )
        return context


def _order_or_404(token: str):
    try:
        return selectors.order_get_by_token(token=token)
    except Order.DoesNotExist as exc:
        raise Http404 from exc


def _private(response):
    """A page keyed by a secret in its URL: never send it on in a Referer, never index it."""
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _render_invoice(request, invoice: Invoice, *, back_url: str):
    context = {
        "invoice": invoice,
        "document": invoices.invoice_document(invoice),
        "back_url": back_url,
    }
    return _private(render(request, "fulfilment/invoice.html", context))


@method_decorator(never_cache, name="dispatch")
class OrderInvoiceView(View):
    """An invoice or credit note of the resident's order, printable; by the order's link."""

    def get(self, request, token, pk):
        order = _order_or_404(token)
        try:
            invoice = invoices.order_invoice_get(order=order, invoice_id=pk)
        except Invoice.DoesNotExist as exc:
            raise Http404 from exc
        return _render_invoice(
            request, invoice, back_url=reverse("fulfilment:order", kwargs={"token": token})
        )


class ShopStaffMixin(LoginRequiredMixin):
    """The shop named by ``slug`` in the URL, if the user is its staff, and the part named by
    ``pk``, if it is the shop's; 404 otherwise (before anything else, also the method check)."""

    vendor: Vendor
    part: Fulfilment

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            self.vendor = selectors.vendor_of_user_get(user=request.user, slug=kwargs["slug"])
        except Vendor.DoesNotExist as exc:
            raise Http404 from exc
        if "pk" in kwargs:  # another shop's part is not found, whatever the method
            self.part = self.part_or_404(kwargs["pk"])
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
    """The shop's open parts: pickup window, items, pickup contact, and what to do next; below,
    the parts handed over lately with their invoices and any withdrawal to take goods back."""

    template_name = "fulfilment/shop_parts.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            vendor=self.vendor,
            parts=selectors.vendor_parts(vendor=self.vendor),
            handed_over=withdrawals.vendor_parts_handed_over(vendor=self.vendor),
            cancel_form=CancelForm(),
            statuses=FulfilmentStatus,
        )
        return context


@method_decorator(never_cache, name="dispatch")
class ShopInvoiceView(ShopStaffMixin, View):
    """The invoice (or credit note) of one of the shop's parts, printable; another shop's part
    answers 404."""

    kind = InvoiceKind.INVOICE

    def get(self, request, slug, pk):
        try:
            invoice = invoices.vendor_invoice_get(
                vendor=self.vendor, fulfilment_id=self.part.pk, kind=self.kind
            )
        except Invoice.DoesNotExist as exc:
            raise Http404 from exc
        return _render_invoice(request, invoice, back_url=self.parts_url())


class ShopCreditNoteView(ShopInvoiceView):
    kind = InvoiceKind.CREDIT_NOTE


class _PartActionView(ShopStaffMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug, pk):
        part = self.part
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
class PartGoodsReturnedView(_PartActionView):
    """The resident brought withdrawn goods back: refund them and issue the credit note."""

    def act(self, part):
        withdrawals.withdrawal_goods_returned(
            vendor=self.vendor, fulfilment_id=part.pk, actor=self.request.user
        )
        messages.success(
            self.request,
            _(
                "Goods of order %(reference)s taken back; the refund and the invoice "
                "correction are on their way."
            )
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


# -- the withdrawal button -------------------------------------------------------------------------


def _client_address(request) -> str:
    """The client's address for counting failed look-ups (the proxy in front must set it)."""
    return request.META.get("REMOTE_ADDR", "")


class _WithdrawalPage(View):
    """The withdrawal steps: no login, no cache, no Referer, not indexed."""

    def page(self, template: str, context: dict, status: int = 200):
        return _private(render(self.request, f"fulfilment/{template}", context, status=status))

    def start(self, form=None, error: str = "", status: int = 200):
        return self.page(
            "withdrawal_start.html",
            {"form": form or WithdrawalLookupForm(), "error": error},
            status=status,
        )

    def choose(self, order, form=None, error: str = "", status: int = 200):
        choices = withdrawals.withdrawal_choices(order=order)
        if form is None:
            form = WithdrawalChoiceForm(
                choices=choices,
                initial={
                    "identity": withdrawals.identity_token(order),
                    "name": selectors.order_customer(order=order).name,
                },
            )
        return self.page(
            "withdrawal_choose.html",
            {
                "order": order,
                "choices": choices,
                "form": form,
                "error": error,
                "chosen_parts": {str(value) for value in form["parts"].value() or []},
                "chosen_lines": {str(value) for value in form["lines"].value() or []},
                "any_choosable": any(choice.mode for choice in choices),
            },
            status=status,
        )

    def expired(self):
        return self.start(
            error=_("This page has expired. Please start again; nothing has been withdrawn."),
            status=400,
        )


@method_decorator(never_cache, name="dispatch")
class WithdrawalStartView(_WithdrawalPage):
    """Step 1 without the order's link: order number and e-mail, then the choice."""

    def get(self, request):
        return self.start()

    def post(self, request):
        if "identity" in request.POST:  # "Change the choice" on step 2
            order = withdrawals.order_from_identity_token(request.POST["identity"])
            return self.choose(order) if order is not None else self.expired()
        form = WithdrawalLookupForm(request.POST)
        if not form.is_valid():
            return self.start(form, status=400)
        try:
            order = withdrawals.order_lookup(
                number=form.cleaned_data["order_number"],
                email=form.cleaned_data["email"],
                client=_client_address(request),
            )
        except withdrawals.WithdrawalLocked as exc:
            return self.start(form, error=str(exc), status=429)
        except withdrawals.WithdrawalError as exc:
            return self.start(form, error=str(exc), status=422)
        return self.choose(order)


@method_decorator(never_cache, name="dispatch")
class WithdrawalOrderView(_WithdrawalPage):
    """Step 1 from the order page: the order is known by its signed link."""

    def get(self, request, token):
        return self.choose(_order_or_404(token))


@method_decorator(never_cache, name="dispatch")
class WithdrawalReviewView(_WithdrawalPage):
    """Step 2: the declaration as it will be sent, and the button "Confirm withdrawal".
    Nothing is stored here."""

    http_method_names = ["post"]

    def post(self, request):
        order = withdrawals.order_from_identity_token(request.POST.get("identity", ""))
        if order is None:
            return self.expired()
        choices = withdrawals.withdrawal_choices(order=order)
        form = WithdrawalChoiceForm(request.POST, choices=choices)
        if not form.is_valid():
            return self.choose(order, form=form, status=400)
        try:
            plan = withdrawals.withdrawal_plan(
                order=order,
                part_ids=form.cleaned_data["parts"],
                line_ids=form.cleaned_data["lines"],
            )
        except withdrawals.WithdrawalError as exc:
            return self.choose(order, form=form, error=str(exc), status=422)
        name = form.cleaned_data["name"]
        return self.page(
            "withdrawal_confirm.html",
            {
                "order": order,
                "name": name,
                "email": order.email,
                "plan": plan,
                "form": WithdrawalConfirmForm(
                    initial={
                        "declaration": withdrawals.declaration_token(
                            order=order, name=name, plan=plan
                        )
                    }
                ),
                "identity": form.cleaned_data["identity"],
            },
        )


@method_decorator(never_cache, name="dispatch")
class WithdrawalConfirmView(_WithdrawalPage):
    """The confirmation button: the withdrawal is recorded (once) and confirmed by e-mail."""

    http_method_names = ["post"]

    def post(self, request):
        form = WithdrawalConfirmForm(request.POST)
        declaration = (
            withdrawals.declaration_from_token(form.data.get("declaration", ""))
            if form.is_valid()
            else None
        )
        if declaration is None:
            return self.expired()
        try:
            withdrawal = withdrawals.withdrawal_declare(
                declaration=declaration, language=translation.get_language() or ""
            )
        except withdrawals.WithdrawalError as exc:
            order = Order.objects.filter(number=declaration.order_number).first()
            if order is None:
                return self.expired()
            return self.choose(order, error=str(exc), status=409)
        receipt = reverse(
            "fulfilment:withdrawal_receipt",
            kwargs={"token": withdrawals.receipt_token(withdrawal)},
        )
        return HttpResponseRedirect(receipt, status=303)


@method_decorator(never_cache, name="dispatch")
class WithdrawalReceiptView(_WithdrawalPage):
    """What was received, when, and what happens now (the page the confirmation leads to)."""

    def get(self, request, token):
        withdrawal = withdrawals.withdrawal_from_receipt_token(token)
        if withdrawal is None:
            raise Http404
        return self.page(
            "withdrawal_receipt.html",
            {
                "withdrawal": withdrawal,
                "order": withdrawal.order,
                "items": withdrawals.withdrawal_items(withdrawal=withdrawal),
                "pays_online": order_provider(withdrawal.order).pays_online,
                "order_token": order_token(withdrawal.order),
            },
        )
