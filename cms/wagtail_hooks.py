"""Wagtail admin hooks: the read-only product and shop choosers.

Oscar's models are deliberately not registered as snippets or model viewsets: editors reference
products and shops, they never edit products, stock, orders or money through the CMS.
"""

from wagtail import hooks

from cms.choosers import product_chooser_viewset, vendor_chooser_viewset


@hooks.register("register_admin_viewset")
def register_catalogue_choosers():
    return [product_chooser_viewset, vendor_chooser_viewset]
