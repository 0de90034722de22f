"""Catalogue index, category pages and the interim search page, served from the database.

Oscar's catalogue app loads ``CatalogueView`` and ``ProductCategoryView`` from here
(``get_class("search.views", ...)``) and the search app loads ``FacetedSearchView``. None of them
touches haystack. Every page costs a fixed number of queries, whatever its size: products,
their images, stock records, partners and shops are fetched in bulk (``vendors.selectors``).
"""

from urllib.parse import unquote

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from oscar.core.loading import get_model

from search.forms import BrowseForm, ProductSearchForm
from search.selectors import (
    MAX_QUERY_TERMS,
    category_children,
    product_browse,
    product_scope,
    vendors_offering,
)

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")

MAX_QUERY_LENGTH = 200


class ProductBrowseView(ListView):
    """Products of one scope (all, a category subtree, a search), sortable, filterable by shop.

    Extension points: ``category`` (None: whole catalogue) and ``get_search_query``.
    """

    context_object_name = "products"
    paginate_by = settings.OSCAR_PRODUCTS_PER_PAGE
    form_class = BrowseForm
    category = None
    summary = _("All products")

    def get_search_query(self) -> str:
        return ""

    def get_form(self) -> BrowseForm:
        scope = product_scope(category=self.category, query=self.get_search_query())
        return self.form_class(self.request.GET or None, vendors=list(vendors_offering(scope)))

    def get_queryset(self):
        self.form = self.get_form()
        selected = self.form.selected
        return product_browse(
            category=self.category,
            query=self.get_search_query(),
            vendor=self.form.selected_vendor,
            sort=selected["sort"],
        )

    def paginate_queryset(self, queryset, page_size):
        """A page number out of range shows the nearest page instead of an error."""
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=self.form,
            summary=self.summary,
            category=self.category,
            subcategories=list(category_children(self.category)),
            selected_vendor=self.form.selected_vendor,
        )
        return context


class CatalogueView(ProductBrowseView):
    """All products of all approved shops (``/catalogue/``)."""

    template_name = "oscar/catalogue/browse.html"


class ProductCategoryView(ProductBrowseView):
    """One category with the products of all its descendant categories."""

    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=kwargs["pk"])
        viewable = self.category.is_public and self.category.ancestors_are_public
        if not viewable and not request.user.is_staff:
            raise Http404
        expected = self.category.get_absolute_url()
        if unquote(expected) != unquote(request.path):
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{expected}?{query}" if query else expected)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = self.category.name
        context["ancestors"] = list(self.category.get_ancestors())
        return context


class FacetedSearchView(ProductBrowseView):
    """Interim search (``/search/?q=…``): every word must appear in title, description, brand,
    or equal the UPC/GTIN. Replaced by the search backends of a later issue; sends no
    ``user_search`` signal, so a search writes nothing to the database."""

    template_name = "oscar/search/results.html"
    form_class = ProductSearchForm
    summary = _("Search")

    def get_search_query(self) -> str:
        # NUL characters never belong to a search and PostgreSQL refuses them in a query (500).
        text = self.request.GET.get("q", "").replace("\x00", "")
        words = text[:MAX_QUERY_LENGTH].split()
        return " ".join(words[:MAX_QUERY_TERMS])

    def get_form(self) -> BrowseForm:
        if not self.get_search_query():
            return self.form_class(self.request.GET or None, vendors=[])
        return super().get_form()

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.get_search_query() else Product.objects.none()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.get_search_query()
        return context
