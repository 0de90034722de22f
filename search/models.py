"""The database backend's index: one row per visible product, its categories, and the vocabulary.

Oscar's search app has no models; these belong to our fork (app label ``search``). The rows
are derived data: ``manage.py search_index --rebuild`` recreates them from the catalogue.

* ``IndexedProduct``: the normalised terms of a product's fields (``search.text``) with what the
  filters, facets and sorting need. On PostgreSQL ``search_vector`` holds the weighted
  ``tsvector`` (German configuration) behind a GIN index; on SQLite an FTS5 table
  ``search_fts`` (created by the migration, rowid = product id) holds the same terms.
* ``IndexedCategory``: a product's categories and their ancestors (for the category filter and
  the facet's counts per subtree).
* ``SearchTerm``: every indexed term with a readable word and how many products have it, for
  typo correction and "Meinten Sie …" (a pg_trgm index on PostgreSQL).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class IndexedProduct(models.Model):
    product_id = models.BigIntegerField(primary_key=True)
    vendor_id = models.BigIntegerField()
    price = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    stock_state = models.CharField(max_length=16)
    available = models.BooleanField()
    date_created = models.DateTimeField()
    title = models.CharField(max_length=255)  # as shown, for autocomplete
    title_terms = models.TextField()
    meta_terms = models.TextField()  # brand, categories, shop name
    body_terms = models.TextField()  # description
    search_vector = SearchVectorField(null=True)  # PostgreSQL only

    class Meta:
        indexes = [
            models.Index(fields=["vendor_id"], name="search_idx_vendor"),
            models.Index(fields=["available", "date_created"], name="search_idx_avail_new"),
            models.Index(fields=["price"], name="search_idx_price"),
        ]

    def __str__(self) -> str:
        return self.title


class IndexedCategory(models.Model):
    product = models.ForeignKey(IndexedProduct, on_delete=models.CASCADE, related_name="+")
    category_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["category_id", "product"], name="search_cat_unique")
        ]

    def __str__(self) -> str:
        return f"{self.product_id} in {self.category_id}"


class SearchTerm(models.Model):
    term = models.CharField(max_length=100, primary_key=True)  # normalised (a stem)
    word = models.CharField(max_length=100)  # a readable form, lower case
    frequency = models.PositiveIntegerField(default=0)  # products with the term (approximate)

    def __str__(self) -> str:
        return self.term


class PendingUpdate(models.Model):
    """A product whose index entries are out of date (an outbox: written in the transaction
    that changed the product, its stock or its shop; drained by ``search.tasks``)."""

    product_id = models.BigIntegerField(primary_key=True)
    queued_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.product_id} since {self.queued_at}"
