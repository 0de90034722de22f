"""Signal receivers that queue products for re-indexing (``search.indexing``)."""

from django.db.models.signals import post_delete, post_save
from oscar.apps.order.signals import order_placed
from oscar.core.loading import get_model

from search import indexing
from vendors.models import Vendor

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")
Category = get_model("catalogue", "Category")


def _product(sender, instance, **kwargs):
    indexing.products_changed([instance.pk])


def _of_product(sender, instance, **kwargs):
    indexing.products_changed([instance.product_id])


def _vendor(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.vendor_changed(instance)


def _category(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        indexing.category_changed(instance)


def _order_placed(sender, order, **kwargs):
    """Oscar allocates stock with UPDATE statements (no save signal): the ordered products."""
    indexing.products_changed(order.lines.values_list("product_id", flat=True))


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_product, sender=Product, dispatch_uid=f"search-product-{signal}")
        for model in (StockRecord, ProductCategory):
            signal.connect(_of_product, sender=model, dispatch_uid=f"search-{model}-{signal}")
    post_save.connect(_vendor, sender=Vendor, dispatch_uid="search-vendor")
    post_save.connect(_category, sender=Category, dispatch_uid="search-category")
    order_placed.connect(_order_placed, dispatch_uid="search-order-placed")
