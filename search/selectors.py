"""Reads for the browsing pages besides the search itself (that is ``search.service``)."""

from django.db.models import QuerySet
from oscar.core.loading import get_model

Category = get_model("catalogue", "Category")


def category_children(category=None) -> QuerySet:
    """Public subcategories of ``category`` (top-level ones without it), for navigation."""
    categories = Category.objects.browsable()
    if category is None:
        return categories.filter(depth=1)
    return categories.filter(path__startswith=category.path, depth=category.depth + 1)
