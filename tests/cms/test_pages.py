"""The editorial pages residents see: the home page at "/" with its teaser blocks, stories and
events. Teasers show only what residents may see; what became invisible drops out silently."""

from datetime import timedelta

import pytest
from wagtail.models import PageViewRestriction

from cms.models import HomePage
from tests.factories import VendorFactory, product_of
from tests.storefront.factories import (
    block,
    days_from_now,
    event,
    event_index,
    home_page,
    home_with_body,
    story,
    story_index,
    wagtail_image,
)
from tests.storefront.html import parse
from vendors.models import VendorStatus

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def titles(section, css: str) -> list[str]:
    return [t.text for t in section.find_all(class_=css)]


def block_section(page, kind: str):
    return page.find("section", class_=f"cms-block--{kind}")


def test_home_page_from_the_migration_is_the_site_root(client):
    home = home_page()
    assert isinstance(home, HomePage) and home.live
    response = client.get("/")
    assert response.status_code == 200
    page = parse(response)
    assert [h.text for h in page.find_all("h1")] == ["Einkaufen in der Forster Innenstadt"]
    assert page.find("title").text == "Marktplatz Forst"


def test_home_page_shows_hero_text_and_falls_back_to_the_title(client):
    home = home_page()
    home.hero_heading = ""
    home.hero_text = "<p>Alle Läden, <b>ein</b> Warenkorb.</p>"
    home.save_revision().publish()
    page = parse(client.get("/"))
    assert page.find("h1").text == home.title
    assert page.find(class_="cms-hero__text").text == "Alle Läden, ein Warenkorb."


def test_product_teasers_show_only_visible_products(client):
    shop = VendorFactory(name="Backstube")
    shown = product_of(shop, title="Roggenbrot")
    listed_only = product_of(VendorFactory(sells_online=False), title="Lesebrille")
    suspended = product_of(VendorFactory(status=VendorStatus.SUSPENDED), title="Gesperrt")
    applied = product_of(VendorFactory(status=VendorStatus.APPLIED), title="Beantragt")
    private = product_of(shop, title="Nicht öffentlich", is_public=False)
    deleted = product_of(shop, title="Gelöscht")
    deleted_pk = deleted.pk
    ids = [suspended.pk, shown.pk, applied.pk, private.pk, deleted_pk, listed_only.pk]
    home_with_body(block("product_teasers", {"heading": "Frisch aus der Stadt", "products": ids}))
    deleted.stockrecords.all().delete()
    deleted.delete()

    response = client.get("/")
    assert response.status_code == 200
    section = block_section(parse(response), "products")
    assert section.find("h2").text == "Frisch aus der Stadt"
    # Editor's order is kept; hidden ones drop out without a trace.
    assert titles(section, "product-card__title") == ["Roggenbrot", "Lesebrille"]
    assert section.find("a").get("href") == shown.get_absolute_url()
    assert titles(section, "product-card__shop")[0] == "Backstube"
    body = response.content.decode()
    for hidden in ("Gesperrt", "Beantragt", "Nicht öffentlich", "Gelöscht"):
        assert hidden not in body


def test_teaser_block_with_nothing_visible_disappears(client):
    hidden = product_of(VendorFactory(status=VendorStatus.SUSPENDED))
    home_with_body(block("product_teasers", {"heading": "Leer", "products": [hidden.pk]}))
    page = parse(client.get("/"))
    assert block_section(page, "products") is None
    assert "Leer" not in page.text


def test_shop_teasers_show_only_approved_shops(client):
    approved = VendorFactory(name="Blumenhaus")
    listed = VendorFactory(name="Optik", sells_online=False)
    applied = VendorFactory(name="Beantragt", status=VendorStatus.APPLIED)
    suspended = VendorFactory(name="Gesperrt", status=VendorStatus.SUSPENDED)
    home_with_body(
        block(
            "shop_teasers",
            {"heading": "", "shops": [applied.pk, approved.pk, suspended.pk, listed.pk]},
        )
    )

    section = block_section(parse(client.get("/", **EN)), "shops")
    assert titles(section, "shop-card__title") == ["Blumenhaus", "Optik"]
    # Without a block heading the cards are the section's headings (h2).
    assert section.find("h2").text == "Blumenhaus"
    assert "does not sell online" in section.find_all(class_="shop-card")[1].text


def test_page_teasers_show_only_live_public_pages(client):
    stories = story_index()
    events = event_index()
    live = story(stories, title="Sichtbare Geschichte")
    draft = story(stories, title="Entwurf", live=False)
    private = story(stories, title="Nur mit Passwort")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    fest = event(events, title="Rosengartenfest", start=days_from_now(5))
    home_with_body(
        block(
            "page_teasers", {"heading": "Neues", "pages": [draft.pk, fest.pk, private.pk, live.pk]}
        )
    )

    section = block_section(parse(client.get("/")), "pages")
    assert titles(section, "cms-card__title") == ["Rosengartenfest", "Sichtbare Geschichte"]
    assert section.find("a", href=live.url) is not None


def test_unpublishing_a_story_removes_it_from_the_home_page(client):
    stories = story_index()
    gone = story(stories, title="Bald weg")
    home_with_body(block("page_teasers", {"heading": "Neues", "pages": [gone.pk]}))
    assert "Bald weg" in parse(client.get("/")).text
    gone.unpublish()
    assert "Bald weg" not in parse(client.get("/")).text


def test_upcoming_events_block_lists_the_next_events_soonest_first(client):
    events = event_index()
    event(events, title="Vorbei", start=days_from_now(-3))
    event(events, title="Übermorgen", start=days_from_now(2))
    event(events, title="Morgen", start=days_from_now(1))
    event(events, title="Läuft noch", start=days_from_now(-1), end=days_from_now(1))
    event(events, title="Entwurf", start=days_from_now(1), live=False)
    event(events, title="Später", start=days_from_now(30))
    home_with_body(block("upcoming_events", {"heading": "", "count": 3}))

    section = block_section(parse(client.get("/", **EN)), "events")
    assert section.find("h2").text == "Upcoming events"
    assert titles(section, "cms-card__title") == ["Läuft noch", "Morgen", "Übermorgen"]


def test_upcoming_events_block_without_events_says_so(client):
    home_with_body(block("upcoming_events", {"heading": "Termine", "count": 3}))
    section = block_section(parse(client.get("/", **EN)), "events")
    assert "No events are planned at the moment." in section.text


def test_event_index_lists_upcoming_soonest_first_then_past_latest_first(client):
    events = event_index()
    event(events, title="Herbstmarkt", start=days_from_now(-40))
    event(events, title="Einkaufsnacht", start=days_from_now(20))
    event(events, title="Frühlingsfest", start=days_from_now(-5))
    event(events, title="Rosengartenfest", start=days_from_now(3), end=days_from_now(5))
    event(events, title="Abgesagt", start=days_from_now(4), live=False)

    page = parse(client.get(events.url, **EN))
    upcoming = page.find("section", class_="cms-events--upcoming")
    past = page.find("section", class_="cms-events--past")
    assert titles(upcoming, "cms-card__title") == ["Rosengartenfest", "Einkaufsnacht"]
    assert titles(past, "cms-card__title") == ["Frühlingsfest", "Herbstmarkt"]
    # Upcoming come before past ones on the page.
    all_titles = titles(page, "cms-card__title")
    assert all_titles.index("Einkaufsnacht") < all_titles.index("Frühlingsfest")


def test_past_event_page_says_it_is_over(client):
    events = event_index()
    over = event(events, title="Herbstmarkt", start=days_from_now(-40))
    soon = event(
        events,
        title="Einkaufsnacht",
        start=days_from_now(2),
        end=days_from_now(2) + timedelta(hours=4),
    )
    assert "This event is over." in parse(client.get(over.url, **EN)).text
    soon_page = parse(client.get(soon.url, **EN))
    assert "This event is over." not in soon_page.text
    assert soon_page.find("h1").text == "Einkaufsnacht"


def test_story_shows_its_approved_shop(client):
    shop = VendorFactory(name="Backstube Pannasch")
    portrait = story(story_index(), title="Seit 1968 im Steinofen", related_shop=shop)

    aside = parse(client.get(portrait.url)).find("aside", class_="cms-related-shop")
    assert aside is not None
    assert aside.find(class_="shop-card__title").text == "Backstube Pannasch"
    assert aside.find("a").get("href") == shop.get_absolute_url()


@pytest.mark.parametrize("status", [VendorStatus.APPLIED, VendorStatus.SUSPENDED])
def test_story_hides_a_shop_that_is_not_approved(client, status):
    shop = VendorFactory(name="Versteckter Laden", status=status)
    portrait = story(story_index(), title="Ein Porträt", related_shop=shop)

    response = client.get(portrait.url)
    assert response.status_code == 200
    page = parse(response)
    assert page.find("aside", class_="cms-related-shop") is None
    assert "Versteckter Laden" not in response.content.decode()
    assert page.find("h1").text == "Ein Porträt"


def test_story_body_teasers_are_filtered_too(client):
    shown = product_of(VendorFactory(), title="Roggenbrot")
    hidden = product_of(VendorFactory(status=VendorStatus.SUSPENDED), title="Gesperrt")
    portrait = story(
        story_index(),
        title="Aus der Backstube",
        body=[
            block(
                "product_teasers", {"heading": "Zum Bestellen", "products": [hidden.pk, shown.pk]}
            )
        ],
    )
    section = block_section(parse(client.get(portrait.url)), "products")
    assert titles(section, "product-card__title") == ["Roggenbrot"]


def test_story_images_have_alternative_text(client):
    picture = wagtail_image("Backstube", description="Frisches Roggenbrot auf einem Holzbrett")
    decorative = wagtail_image("Ornament")
    portrait = story(
        story_index(),
        title="Aus der Backstube",
        image=picture,
        body=[
            block(
                "image",
                {
                    "image": {
                        "image": picture.pk,
                        "alt_text": "Der Steinofen",
                        "decorative": False,
                    },
                    "caption": "Seit 1968",
                },
            ),
            block(
                "image",
                {
                    "image": {"image": decorative.pk, "alt_text": "", "decorative": True},
                    "caption": "",
                },
            ),
        ],
    )
    page = parse(client.get(portrait.url))
    header_image = page.find("figure", class_="cms-figure").find("img")
    assert header_image.get("alt") == "Frisches Roggenbrot auf einem Holzbrett"
    body_images = page.find(class_="cms-body").find_all("img")
    assert [img.get("alt") for img in body_images] == ["Der Steinofen", ""]
    assert page.find("figcaption").text == "Seit 1968"


def test_story_index_lists_live_stories_newest_first(client):
    stories = story_index()
    today = days_from_now(0).date()
    story(stories, title="Älter", date=today - timedelta(days=10))
    story(stories, title="Neuer", date=today - timedelta(days=1))
    story(stories, title="Entwurf", date=today, live=False)
    page = parse(client.get(stories.url))
    assert titles(page, "cms-card__title") == ["Neuer", "Älter"]
