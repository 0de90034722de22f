"""Read-only choosers for catalogue data in the CMS: products and shops.

Editors reference Oscar products and vendors from pages and StreamField blocks; they never copy
them and can never change them here. The choosers therefore offer no "create" tab and no "edit"
link, and the models are not registered as snippets or model viewsets anywhere in Wagtail.
The choice lists show only what residents may see (public products of approved shops, approved
shops); what becomes invisible later is hidden at render time by ``cms.selectors``.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import (
    ChooseResultsView,
    ChooseView,
    ChosenMultipleView,
    ChosenView,
)
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser

from vendors.models import Vendor, VendorStatus

Product = get_model("catalogue", "Product")


class ReadOnlyChooserWidget(BaseChooser):
    """A chooser widget without the link to an edit view (there is none for these models)."""

    show_edit_link = False


class _SearchForm(BaseFilterForm):
    """A plain "contains" search; products and shops are not in Wagtail's search index."""

    search_fields: tuple[str, ...] = ()

    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Search")}),
        required=False,
    )

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": query})
            objects = objects.filter(condition)
            self.is_searching = True
            self.search_query = query
        return objects


class ProductSearchForm(_SearchForm):
    search_fields = (
        "title",
        "brand",
        "gtin",
        "upc",
        "stockrecords__partner_sku",
        "stockrecords__partner__name",
    )


class VendorSearchForm(_SearchForm):
    search_fields = ("name", "tagline", "street")


def choosable_products():
    """Public products of approved shops, with the shop for the chooser's listing."""
    return (
        Product.objects.browsable()
        .filter(stockrecords__partner__vendor__status=VendorStatus.APPROVED)
        .prefetch_related("stockrecords__partner")
        .order_by("title", "pk")
    )


def choosable_vendors():
    return Vendor.objects.visible().order_by("name")


def _shop_name(product) -> str:
    records = product.stockrecords.all()
    return records[0].partner.name if records else ""


class ProductChooseMixin:
    filter_form_class = ProductSearchForm

    def get_object_list(self):
        return choosable_products()

    @property
    def columns(self):
        return [
            self.title_column,
            Column("shop", label=_("Shop"), accessor=_shop_name),
            Column("gtin", label=_("GTIN")),
        ]


class ProductChooseView(ProductChooseMixin, ChooseView):
    pass


class ProductChooseResultsView(ProductChooseMixin, ChooseResultsView):
    pass


class ProductChosenView(ChosenView):
    def get_object(self, pk):
        return choosable_products().get(pk=pk)


class ProductChosenMultipleView(ChosenMultipleView):
    def get_objects(self, pks):
        return choosable_products().filter(pk__in=pks)


class ProductChooserViewSet(ChooserViewSet):
    """Choose a public product of an approved shop (read-only reference)."""

    model = Product
    icon = "tag"
    choose_one_text = _("Choose a product")
    choose_another_text = _("Choose another product")
    base_widget_class = ReadOnlyChooserWidget
    choose_view_class = ProductChooseView
    choose_results_view_class = ProductChooseResultsView
    chosen_view_class = ProductChosenView
    chosen_multiple_view_class = ProductChosenMultipleView
    per_page = 20


class VendorChooseMixin:
    filter_form_class = VendorSearchForm

    def get_object_list(self):
        return choosable_vendors()

    @property
    def columns(self):
        return [
            self.title_column,
            Column("trade", label=_("Trade"), accessor="get_trade_display"),
            Column("street", label=_("Street and number")),
        ]


class VendorChooseView(VendorChooseMixin, ChooseView):
    pass


class VendorChooseResultsView(VendorChooseMixin, ChooseResultsView):
    pass


class VendorChosenView(ChosenView):
    def get_object(self, pk):
        return choosable_vendors().get(pk=pk)


class VendorChosenMultipleView(ChosenMultipleView):
    def get_objects(self, pks):
        return choosable_vendors().filter(pk__in=pks)


class VendorChooserViewSet(ChooserViewSet):
    """Choose an approved shop (read-only reference)."""

    model = Vendor
    icon = "home"
    choose_one_text = _("Choose a shop")
    choose_another_text = _("Choose another shop")
    base_widget_class = ReadOnlyChooserWidget
    choose_view_class = VendorChooseView
    choose_results_view_class = VendorChooseResultsView
    chosen_view_class = VendorChosenView
    chosen_multiple_view_class = VendorChosenMultipleView
    per_page = 20


product_chooser_viewset = ProductChooserViewSet("cms_product_chooser")
vendor_chooser_viewset = VendorChooserViewSet("cms_vendor_chooser")
