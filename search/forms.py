"""Forms of the browsing pages: sort order, shop filter and the search query.

Oscar's class loader looks names up here first and falls back to Oscar's own ``search.forms``
(haystack forms) for the names not defined here. ``SearchForm`` is defined here on purpose: see
its docstring.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from search.selectors import NEWEST, PRICE_ASC, PRICE_DESC, RELEVANCE

SORT_CHOICES = [
    (RELEVANCE, _("Relevance")),
    (NEWEST, _("Newest first")),
    (PRICE_ASC, _("Price: low to high")),
    (PRICE_DESC, _("Price: high to low")),
]


class BrowseForm(forms.Form):
    """Sort and shop filter. ``vendors`` are the shops offered in the current scope."""

    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)
    shop = forms.ChoiceField(label=_("Shop"), required=False)

    def __init__(self, *args, vendors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.vendors = {vendor.slug: vendor for vendor in vendors}
        self.fields["shop"].choices = [("", _("All shops"))] + [
            (vendor.slug, vendor.name) for vendor in vendors
        ]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def clean_sort(self) -> str:
        return self.cleaned_data.get("sort") or RELEVANCE

    @property
    def selected(self) -> dict:
        """Cleaned values, or the defaults for a missing or invalid field."""
        if not self.is_bound:
            return {"sort": RELEVANCE, "shop": ""}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"sort": data.get("sort") or RELEVANCE, "shop": data.get("shop") or ""}

    @property
    def selected_vendor(self):
        return self.vendors.get(self.selected["shop"])


class ProductSearchForm(BrowseForm):
    """The search page's form: the query plus sort and shop."""

    q = forms.CharField(label=_("Search for"), max_length=200, required=False, strip=True)

    field_order = ["q", "sort", "shop"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"


class HeaderSearchForm(forms.Form):
    """The site-wide search box; a plain form with no search engine behind it."""

    q = forms.CharField(label=_("Search products"), max_length=200, required=False)


class SearchForm(HeaderSearchForm):
    """What Oscar loads as ``get_class("search.forms", "SearchForm")``.

    Oscar's ``search_form`` context processor builds this form on every rendered page. Oscar's
    own ``SearchForm`` is a haystack form whose constructor creates a ``SearchQuerySet``; this
    name keeps haystack off every request path whichever ``search_form`` processor is configured.
    """
