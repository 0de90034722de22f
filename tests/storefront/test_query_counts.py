"""The main pages cost a fixed number of queries, whatever the number of shops or products on
them: 3 items and 20 items give the same count (architecture: stock Oscar's pages grow with
their content; ours must not).

Each page is requested once before counting, so that thumbnails and image renditions exist (the
first view of a new picture writes its thumbnail once; that is not a per-request cost).

The listings (catalogue, category and search pages) answer from the search index; their counts
are pinned below with what each query is for. The products are indexed with ``rebuild()`` after
they are made.
"""

import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.indexing import rebuild
from tests.factories import OpeningHoursFactory, VendorFactory
from tests.storefront.factories import (
    OpeningExceptionFactory,
    ProductImageFactory,
    block,
    category,
    days_from_now,
    event,
    event_index,
    home_with_body,
    product_in,
    story,
    story_index,
    wagtail_image,
)

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 20

# One search (search.service.search, database backend), whatever the number of products: the
# index answers with 7 queries (the number of matches, the page's product ids, and one count per
# facet: shop, category, price, availability, pick up today); the page's products take 5 (the
# products, then their images, stock records, partners and shops, prefetched for the cards as in
# vendors.selectors); naming the facets' shops and categories takes 2 (none when a facet is
# empty: Django skips a query with an empty IN, so the products here are filed in categories).
# Which shops can hand over today is read once a minute (cached; the warm-up request pays it,
# and the clock is frozen so that warm-up and count fall into the same minute).
SEARCH = 7 + 5 + 2
# /catalogue/: the search, and the top-level categories for the category facet (their URLs).
CATALOGUE_PAGE = SEARCH + 1
# A top-level category: the category (by id), the search, its subcategories for the facet.
CATEGORY_PAGE = 1 + SEARCH + 1
# A category further down also reads its ancestors (breadcrumbs and the facet's way back).
SUBCATEGORY_PAGE = CATEGORY_PAGE + 1
# The search page: which of the query's words the index knows (typo correction), the search.
SEARCH_PAGE = 1 + SEARCH


def queries_for(client, url: str) -> int:
    assert client.get(url).status_code == 200  # warm-up: thumbnails, renditions
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def shop_with_hours(**kwargs):
    shop = VendorFactory(**kwargs)
    OpeningHoursFactory(vendor=shop, weekday=0)
    OpeningHoursFactory(vendor=shop, weekday=3, opens="14:00", closes="18:30")
    OpeningExceptionFactory(vendor=shop, start_date=date(2030, 12, 24), note="Heiligabend")
    return shop


def products(shop, count: int, *categories):
    made = []
    for n in range(count):
        product = product_in(
            shop,
            *categories,
            title=f"Roggenbrot {uuid.uuid4().hex[:6]}",
            unit_pricing_quantity=Decimal("500"),
            unit_pricing_unit="g",
            stock__price=Decimal("2.00") + n,
        )
        ProductImageFactory(product=product)
        made.append(product)
    return made


def test_directory(client):
    for _ in range(SMALL):
        shop_with_hours()
    small = queries_for(client, "/shops/")
    for _ in range(LARGE - SMALL):
        shop_with_hours(sells_online=False)
    large = queries_for(client, "/shops/")
    assert small == large


def test_shop_page(client):
    shop = shop_with_hours()
    products(shop, SMALL)
    small = queries_for(client, shop.get_absolute_url())
    products(shop, LARGE - SMALL)
    large = queries_for(client, shop.get_absolute_url())
    assert small == large


def test_category_page_and_catalogue(client, freeze_now):
    freeze_now(2030, 6, 3, 10, 0)
    food = category("Lebensmittel")
    bread = category("Brot", parent=food)
    rye = category("Roggen", parent=bread)
    for _ in range(SMALL):
        products(shop_with_hours(), 1, rye)
    rebuild()
    pages = {
        food.get_absolute_url(): CATEGORY_PAGE,
        f"{food.get_absolute_url()}?sort=price-asc": CATEGORY_PAGE,
        bread.get_absolute_url(): SUBCATEGORY_PAGE,
        "/catalogue/": CATALOGUE_PAGE,
        "/catalogue/?available=true&min_price=1": CATALOGUE_PAGE,
    }
    small = {url: queries_for(client, url) for url in pages}
    for _ in range(LARGE - SMALL):
        products(shop_with_hours(), 1, rye)
    rebuild()
    large = {url: queries_for(client, url) for url in pages}
    assert small == large == pages


def test_search_page(client, freeze_now):
    freeze_now(2030, 6, 3, 10, 0)
    bread = category("Brot")
    urls = ["/search/?q=roggenbrot", "/search/?q=roggenbrot&sort=price-desc&pickup_today=true"]
    for _ in range(SMALL):
        products(shop_with_hours(), 1, bread)
    rebuild()
    small = [queries_for(client, url) for url in urls]
    for _ in range(LARGE - SMALL):
        products(shop_with_hours(), 1, bread)
    rebuild()
    large = [queries_for(client, url) for url in urls]
    assert small == large == [SEARCH_PAGE, SEARCH_PAGE]


def _teaser_home(shops, items, stories, events_count):
    """Two product and two shop teaser blocks, page teasers and upcoming events."""
    half = len(items) // 2
    return home_with_body(
        block("product_teasers", {"heading": "Frisch", "products": [p.pk for p in items[:half]]}),
        block(
            "shop_teasers", {"heading": "Läden", "shops": [s.pk for s in shops[: len(shops) // 2]]}
        ),
        block("page_teasers", {"heading": "Geschichten", "pages": [s.pk for s in stories]}),
        block("upcoming_events", {"heading": "Termine", "count": events_count}),
        block("product_teasers", {"heading": "Mehr", "products": [p.pk for p in items[half:]]}),
        block(
            "shop_teasers",
            {"heading": "Mehr Läden", "shops": [s.pk for s in shops[len(shops) // 2 :]]},
        ),
    )


def test_home_page_with_teasers(client):
    stories_parent = story_index()
    events_parent = event_index()

    def build(count):
        shops = [shop_with_hours() for _ in range(count)]
        items = [products(shop, 1)[0] for shop in shops]
        stories = [
            story(stories_parent, title=f"Geschichte {n}", image=wagtail_image(f"Bild {n}"))
            for n in range(min(count, 9))
        ]
        for n in range(count):
            event(events_parent, title=f"Fest {n}", start=days_from_now(n + 1))
        return shops, items, stories

    shops, items, stories = build(SMALL)
    _teaser_home(shops, items, stories, SMALL)
    small = queries_for(client, "/")
    assert len(client.get("/").content) > 0

    more_shops, more_items, more_stories = build(LARGE - SMALL)
    _teaser_home(shops + more_shops, items + more_items, (stories + more_stories)[:9], 12)
    large = queries_for(client, "/")
    page = client.get("/").content.decode()
    assert page.count('class="product-card"') == LARGE
    assert page.count('class="shop-card"') == LARGE
    assert page.count("cms-card--story") == 9
    assert page.count("cms-card--event") == 12
    assert small == large
