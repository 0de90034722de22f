"""Stripe's webhook endpoint and the shop staff's "online payments" (onboarding) pages.

Thin: verification in ``payments.stripe.api``, events in ``payments.stripe.webhooks``, writes
in ``payments.stripe.services``.

* The webhook is the only CSRF-exempt view of the site: it is authenticated by Stripe's
  signature over the raw body instead, and answers 400 (changing nothing) when that fails.
* The onboarding pages need a login as staff of the shop in the URL (another shop: 404). Only
  the POST creates the Express account and sends the user to Stripe. The return page asks
  Stripe for the account's state and keeps it: a browser coming back proves nothing, Stripe's
  answer does. That GET writes only Stripe's state into its mirror (what ``account.updated``
  writes too), idempotently; it changes nothing anyone can choose.
"""

import logging
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from fulfilment.selectors import vendor_of_user_get
from payments.models import ConnectedAccount
from payments.stripe import api, services, webhooks
from payments.stripe.errors import PaymentError, PaymentServiceDown, WebhookSignatureInvalid
from vendors.models import Vendor

logger = logging.getLogger("payments.stripe")


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Stripe's events (``STRIPE_WEBHOOK_SECRET``; Connect events with
    ``STRIPE_CONNECT_WEBHOOK_SECRET`` where set). 200 for a new, duplicate or ignored event;
    400 for a bad signature; 503 when Stripe had to be asked and did not answer (Stripe
    delivers again later)."""
    try:
        event = api.webhook_event_construct(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except WebhookSignatureInvalid as exc:
        logger.warning("Stripe webhook refused: %s", exc)
        return HttpResponseBadRequest("invalid signature", content_type="text/plain")
    try:
        outcome = webhooks.event_receive(event=event)
    except PaymentServiceDown:
        logger.warning("Stripe event %s: Stripe did not answer; it will come again", event["id"])
        return HttpResponse("try again", status=503, content_type="text/plain")
    return HttpResponse(outcome, content_type="text/plain")


class ShopPaymentsMixin(LoginRequiredMixin):
    """The shop named by ``slug`` in the URL if the user is its staff; 404 otherwise."""

    vendor: Vendor

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            self.vendor = vendor_of_user_get(user=request.user, slug=kwargs["slug"])
        except Vendor.DoesNotExist as exc:
            raise Http404 from exc
        return super().dispatch(request, *args, **kwargs)

    def onboarding_url(self) -> str:
        return reverse("payments:stripe_onboarding", kwargs={"slug": self.vendor.slug})


@method_decorator(never_cache, name="dispatch")
class StripeOnboardingView(ShopPaymentsMixin, TemplateView):
    """The shop's online-payment state (as Stripe last told us) and the way to set it up.

    POST: create the shop's Express account if it has none and go to a fresh Stripe
    onboarding link. Stripe sends the user back to the return page, or to this page with
    ``?expired=1`` when the link was used up or too old.
    """

    template_name = "payments/stripe_onboarding.html"
    returned = False

    def account(self) -> ConnectedAccount | None:
        return ConnectedAccount.objects.filter(vendor=self.vendor).first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            vendor=self.vendor,
            account=self.account(),
            enabled=bool(settings.STRIPE_SECRET_KEY),
            returned=self.returned,
            expired="expired" in self.request.GET,
        )
        return context

    def post(self, request, *args, **kwargs):
        if not settings.STRIPE_SECRET_KEY:
            raise Http404
        refresh_url = request.build_absolute_uri(f"{self.onboarding_url()}?expired=1")
        return_url = request.build_absolute_uri(
            reverse("payments:stripe_onboarding_return", kwargs={"slug": self.vendor.slug})
        )
        try:
            link = services.connected_account_onboarding_link(
                vendor=self.vendor,
                refresh_url=refresh_url,
                return_url=return_url,
                request_key=uuid.uuid4().hex,
            )
        except PaymentError as exc:
            logger.warning("Onboarding link for %s failed: %s", self.vendor, exc)
            messages.error(
                request, _("Stripe could not be reached. Please try again in a few minutes.")
            )
            return HttpResponseRedirect(self.onboarding_url())
        return HttpResponseRedirect(link.url)


@method_decorator(never_cache, name="dispatch")
class StripeOnboardingReturnView(StripeOnboardingView):
    """Back from Stripe: the state shown is the one Stripe gives now."""

    returned = True
    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        if not settings.STRIPE_SECRET_KEY:
            raise Http404
        try:
            services.connected_account_refresh(vendor=self.vendor)
        except PaymentError as exc:
            logger.warning("Account of %s could not be fetched: %s", self.vendor, exc)
            messages.warning(
                request,
                _("Stripe could not be asked for your account's state; it is shown as last known."),
            )
        return super().get(request, *args, **kwargs)
