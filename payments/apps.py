from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    """Payment providers (pay at pickup, Stripe Connect), payments, payouts and refunds.

    Label ``shop_payments``: Oscar owns ``payment``.
    """

    name = "payments"
    label = "shop_payments"
    verbose_name = _("Payments")
