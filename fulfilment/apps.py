from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FulfilmentConfig(AppConfig):
    """Click-and-collect: each order's part per shop, its pickup slot, code and invoice."""

    name = "fulfilment"
    verbose_name = _("Pickup orders")
