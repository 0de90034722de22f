"""Product page of the marketplace: Oscar's detail view, narrowed in two ways.

1. A GET writes nothing. Oscar sends ``product_viewed`` on every product GET; its analytics
   receiver then updates a view counter row (a lock hot spot under load) and the customer app
   rewrites the "recently viewed" cookie. We do not send the signal. Should view statistics
   be wanted later, count them off the request (e.g. from access logs or a task queue).
2. Only products of approved shops are shown (staff may still preview others), loaded with
   their images, stock record, partner and shop in a fixed number of queries.
"""

from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")


class ProductDetailView(OscarProductDetailView):
    def get_queryset(self):
        return Product.objects.select_related("product_class", "parent").prefetch_related(
            "images",
            "stockrecords__partner__vendor",
            "children__stockrecords__partner__vendor",
        )

    def is_viewable(self, product, request):
        if not super().is_viewable(product, request):
            return False
        return request.user.is_staff or self._vendor_is_visible(product)

    @staticmethod
    def _vendor_is_visible(product) -> bool:
        records = list(product.stockrecords.all())
        if not records and product.is_parent:
            records = [sr for child in product.children.all() for sr in child.stockrecords.all()]
        vendor = getattr(records[0].partner, "vendor", None) if records else None
        return vendor is not None and vendor.is_visible

    def send_signal(self, request, response, product):
        """Deliberately no ``product_viewed`` signal: see the module docstring."""
