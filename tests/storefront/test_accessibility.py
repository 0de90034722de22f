"""Accessibility basics of the main pages, as light HTML checks: one <h1>, labelled search and
form fields, alt attributes on every image, a working skip link, a viewport for phones and the
page language."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from search.indexing import rebuild
from tests.factories import OpeningHoursFactory, VendorFactory
from tests.storefront.factories import (
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
)
from tests.storefront.html import parse

pytestmark = pytest.mark.django_db

LABEL_EXEMPT_INPUTS = {"hidden", "submit", "button", "reset", "image"}


@pytest.fixture
def site_urls(client):
    """A small town: shops, products with pictures, a basket, stories and events."""
    shop = VendorFactory(name="Backstube", logo="vendors/logos/backstube.png")
    OpeningHoursFactory(vendor=shop, weekday=2)
    listed = VendorFactory(name="Optik", sells_online=False)
    food = category("Lebensmittel")
    bread = category("Brot", parent=food)
    rye = product_in(shop, bread, title="Roggenbrot", stock__price=Decimal("3.60"))
    ProductImageFactory(product=rye, caption="Ein Laib Roggenbrot")
    ProductImageFactory(product=rye, display_order=1)
    glasses = product_in(listed, title="Lesebrille")
    client.post(reverse("basket:add", kwargs={"pk": rye.pk}), {"quantity": 1})

    stories = story_index()
    portrait = story(stories, title="Die Backstube", related_shop=shop)
    events = event_index()
    fest = event(
        events,
        title="Rosengartenfest",
        start=days_from_now(10),
        end=days_from_now(10) + timedelta(hours=8),
    )
    event(events, title="Herbstmarkt", start=days_from_now(-30))
    home_with_body(
        block("product_teasers", {"heading": "Frisch", "products": [rye.pk, glasses.pk]}),
        block("shop_teasers", {"heading": "", "shops": [shop.pk, listed.pk]}),
        block("page_teasers", {"heading": "Neues", "pages": [portrait.pk, fest.pk]}),
        block("upcoming_events", {"heading": "", "count": 3}),
    )
    rebuild()  # the listings and the search page answer from the search index
    return [
        "/",
        "/shops/",
        shop.get_absolute_url(),
        listed.get_absolute_url(),
        "/catalogue/",
        food.get_absolute_url(),
        "/search/",
        "/search/?q=brot",
        "/search/?q=nichts-zu-finden",
        "/search/?q=brot&vendor=gibt-es-nicht&min_price=x",
        rye.get_absolute_url(),
        glasses.get_absolute_url(),
        "/basket/",
        stories.url,
        portrait.url,
        events.url,
        fest.url,
    ]


def pages(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, parse(response)


def has_label(page, control) -> bool:
    if control.get("aria-label") or control.get("aria-labelledby"):
        return True
    if control.get("id") and page.find("label", for_=control.get("id")):
        return True
    node = control.parent
    while node is not None:
        if node.tag == "label":
            return True
        node = node.parent
    return False


def test_exactly_one_h1(client, site_urls):
    for url, page in pages(client, site_urls):
        headings = page.find_all("h1")
        assert len(headings) == 1, f"{url}: {len(headings)} <h1>"
        assert headings[0].text, f"{url}: empty <h1>"


def test_search_input_is_labelled(client, site_urls):
    for url, page in pages(client, site_urls):
        searches = page.find_all("input", type="search")
        assert searches, f"{url}: no search field"
        for field in searches:
            assert has_label(page, field), f"{url}: search field {field.get('name')} has no label"
        header_search = page.find("form", role="search")
        assert header_search is not None and header_search.find("label").text, url


def test_every_form_control_is_labelled(client, site_urls):
    for url, page in pages(client, site_urls):
        controls = (
            [c for c in page.find_all("input") if c.get("type", "text") not in LABEL_EXEMPT_INPUTS]
            + page.find_all("select")
            + page.find_all("textarea")
        )
        for control in controls:
            assert has_label(page, control), f"{url}: {control} has no label"


def test_images_have_alt_attributes(client, site_urls):
    seen = 0
    for url, page in pages(client, site_urls):
        for image in page.find_all("img"):
            seen += 1
            assert "alt" in image.attrs, f"{url}: {image} has no alt attribute"
    assert seen > len(site_urls)  # logos, product pictures, placeholders were all checked


def test_skip_link_leads_to_main(client, site_urls):
    for url, page in pages(client, site_urls):
        body = page.find("body")
        first_link = body.find("a")
        assert first_link is not None and first_link.get("href") == "#main", url
        assert "skip-link" in first_link.classes and first_link.text, url
        main = page.find_all("main")
        assert len(main) == 1 and main[0].get("id") == "main", url


def test_viewport_and_language(client, site_urls):
    for url, page in pages(client, site_urls):
        viewport = page.find("meta", name="viewport")
        assert viewport is not None, url
        assert "width=device-width" in viewport.get("content", ""), url
        assert page.find("html").get("lang") == "de", url
        assert page.find("title").text, url


def test_buttons_and_links_have_names(client, site_urls):
    for url, page in pages(client, site_urls):
        for element in page.find_all("button") + page.find_all("a"):
            named = (
                element.text
                or element.get("aria-label")
                or any(image.get("alt") for image in element.find_all("img"))
            )
            assert named, f"{url}: {element} has no accessible name"


@pytest.mark.parametrize(
    "url", ["/shops/gibt-es-nicht/", "/catalogue/nichts_999999/", "/gibt-es-nicht/"]
)
def test_not_found_page_keeps_the_site_frame(client, url):
    response = client.get(url)
    assert response.status_code == 404
    page = parse(response)
    assert [h.text for h in page.find_all("h1")] == ["Seite nicht gefunden"]
    assert page.find("html").get("lang") == "de"
    assert page.find("a", class_="skip-link").get("href") == "#main"
    assert page.find("form", role="search") is not None
    assert page.find("a", href="/shops/") is not None


def test_not_found_page_in_english(client):
    shop = VendorFactory(status="suspended")
    response = client.get(shop.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert parse(response).find("h1").text == "Page not found"


def test_login_page_has_one_h1_and_labelled_fields(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    page = parse(response)
    assert [h.text for h in page.find_all("h1")] == ["Einloggen oder registrieren"]
    for field in page.find_all("input"):
        if field.get("type", "text") not in LABEL_EXEMPT_INPUTS:
            assert has_label(page, field), field
