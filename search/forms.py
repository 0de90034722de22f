"""Forms of the browsing pages: reading a page's search parameters, and the search box.

The parameters are those of ``search.service.SearchParams``, the same as the API's. A page is
more forgiving than the API: ``read_params`` drops what it cannot use (an unknown shop, a bad
number, a lowest price above the highest) and says so, instead of refusing the request.

Oscar's class loader looks names up here first and falls back to Oscar's own ``search.forms``
(haystack forms) for the names not defined here. ``SearchForm`` is defined here on purpose: see
its docstring.
"""

from dataclasses import dataclass, field

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from search.backends.base import SearchQuery
from search.service import MAX_QUERY_LENGTH, SearchParams

# What a resident calls each parameter, for the notice about an ignored one.
PARAM_LABELS = {
    "q": _("Search text"),
    "vendor": _("Shop"),
    "category": _("Category"),
    "min_price": _("Lowest price"),
    "max_price": _("Highest price"),
    "available": _("Availability"),
    "pickup_today": _("Pick up today"),
    "sort": _("Sort by"),
    "page": _("Page"),
    "page_size": _("Products per page"),
}


@dataclass
class PageParams:
    """A page's search, read from its query string.

    ``params`` holds the usable parameters as given (for the page's links: pagination and
    facets keep them, and never repeat an ignored one); ``problems`` the translated notes about
    what was ignored.
    """

    form: SearchParams  # valid
    query: SearchQuery
    params: QueryDict
    problems: list[str] = field(default_factory=list)


def read_params(
    data: QueryDict, *, category=None, ignore: tuple[str, ...] = (), page_size: int
) -> PageParams:
    """The valid part of ``data`` as a search; ``category`` is fixed by the page (then the
    ``category`` parameter belongs in ``ignore``). An overlong search text is shortened;
    any other invalid parameter is left out."""
    params = QueryDict(mutable=True)
    for key, values in data.lists():
        # NUL never belongs in a parameter (and PostgreSQL refuses it): dropped silently.
        values = [value.replace("\x00", "") for value in values]
        kept = [value for value in values if value.strip()]
        if key in SearchParams.base_fields and key not in ignore and kept:
            params.setlist(key, kept)
    problems = []
    while True:  # each round removes a parameter or shortens the text, so this ends
        form = SearchParams(params, category=category, page_size=page_size)
        if form.is_valid():
            break
        errors = form.error_messages()
        for name, messages in errors.items():
            label = PARAM_LABELS.get(name, name)
            problems.extend(
                _("%(field)s: %(message)s") % {"field": label, "message": message}
                for message in messages
            )
        if not set(errors) <= set(params):  # an error no parameter can be blamed for
            params = QueryDict(mutable=True)
            continue
        for name in errors:
            text = params.get(name, "").strip()
            if name == "q" and len(text) > MAX_QUERY_LENGTH:
                params["q"] = text[:MAX_QUERY_LENGTH]
            else:
                del params[name]
    return PageParams(form=form, query=form.to_query(), params=params, problems=problems)


class SearchBoxForm(forms.Form):
    """The search field of the results page."""

    q = forms.CharField(
        label=_("Search for"), max_length=MAX_QUERY_LENGTH, required=False, strip=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        widget = self.fields["q"].widget
        widget.input_type = "search"
        widget.attrs.update(
            {
                "id": "search-q",
                "class": "form-control search-box__input",
                "autocomplete": "off",
                "data-search-suggest": "",
            }
        )


class HeaderSearchForm(forms.Form):
    """The site-wide search box; a plain form with no search engine behind it."""

    q = forms.CharField(label=_("Search products"), max_length=MAX_QUERY_LENGTH, required=False)


class SearchForm(HeaderSearchForm):
    """What Oscar loads as ``get_class("search.forms", "SearchForm")``.

    Oscar's ``search_form`` context processor builds this form on every rendered page. Oscar's
    own ``SearchForm`` is a haystack form whose constructor creates a ``SearchQuerySet``; this
    name keeps haystack off every request path whichever ``search_form`` processor is configured.
    """
