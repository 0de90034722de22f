"""Page-number pagination of the v1 lists: ``?page=`` and ``?page_size=`` (at most 100)."""

from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    """DRF's page-number pagination; an invalid or out-of-range page answers 404.

    ``page_size`` falls back to the default when it is not a positive integer, and is capped.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
