"""Replacement for Oscar's ``search_form`` context processor without haystack.

Oscar's processor builds a haystack ``SearchQuerySet`` on every rendered page; this one gives
templates the same ``search_form`` name with a plain form.
"""

from search.forms import HeaderSearchForm


def search_form(request):
    return {"search_form": HeaderSearchForm(request.GET or None)}
