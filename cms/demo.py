"""The demo town's editorial pages: stories, events, the platform's legal pages, the home page.

Written for the demo by us; the Gewerbeverein, its people and addresses are fictitious. Built
after ``vendors.demo.town`` so that teasers can point at the demo's shops and products. Dates are
relative to the day the demo is built.
"""

import uuid
from datetime import date, datetime, time, timedelta
from io import BytesIO

from django.core.files.images import ImageFile
from django.utils import timezone
from oscar.core.loading import get_model
from wagtail.images import get_image_model
from wagtail.models import Site

from cms.models import ContentPage, EventIndexPage, EventPage, HomePage, StoryIndexPage, StoryPage
from vendors.demo.images import story_picture
from vendors.demo.town import late_night_shopping_day
from vendors.models import Vendor

StockRecord = get_model("partner", "StockRecord")


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _picture(title: str, description: str):
    data = story_picture(title, key=title)
    return get_image_model().objects.create(
        title=title,
        description=description,
        file=ImageFile(BytesIO(data), name=f"{uuid.uuid5(uuid.NAMESPACE_URL, title).hex}.jpg"),
    )


def _products(*skus: str) -> list[int]:
    """Product ids of the demo products with these SKUs, in that order (missing ones skipped)."""
    ids = dict(
        StockRecord.objects.filter(partner_sku__in=skus).values_list("partner_sku", "product_id")
    )
    return [ids[sku] for sku in skus if sku in ids]


def _products_of(slug: str, count: int) -> list[int]:
    return list(
        StockRecord.objects.filter(partner__vendor__slug=slug, availability="in_stock")
        .order_by("partner_sku")
        .values_list("product_id", flat=True)[:count]
    )


def _shops(*slugs: str) -> list[int]:
    ids = dict(Vendor.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    return [ids[slug] for slug in slugs if slug in ids]


def _block(kind: str, value) -> dict:
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def _text(*paragraphs: str) -> dict:
    return _block("rich_text", "".join(f"<p>{text}</p>" for text in paragraphs))


def demo_pages_create(*, today: date | None = None) -> int:
    """Fill the page tree under the default site's home page; returns the number of pages."""
    today = today or timezone.localdate()
    home = Site.objects.get(is_default_site=True).root_page.specific
    if not isinstance(home, HomePage):
        raise ValueError("The default site's root is not the marketplace's home page.")
    pages = 0

    stories = home.add_child(
        instance=StoryIndexPage(
            title="Geschichten aus der Innenstadt",
            slug="geschichten",
            intro="<p>Menschen, Läden und Neuigkeiten aus der Forster Innenstadt, erzählt vom "
            "Gewerbeverein Rosenstadt Forst.</p>",
        )
    )
    events = home.add_child(
        instance=EventIndexPage(
            title="Veranstaltungen",
            slug="veranstaltungen",
            intro="<p>Einkaufsnacht, Rosengartenfest, Tag der offenen Unternehmen: was in der "
            "Innenstadt los ist.</p>",
        )
    )
    pages += 2

    bakery_story = stories.add_child(
        instance=StoryPage(
            title="Seit 1968 im Steinofen: die Backstube Pannasch",
            slug="backstube-pannasch-portraet",
            date=today - timedelta(days=3),
            intro="Martina Pannasch backt in dritter Generation in der Lindenstraße. Ein Besuch "
            "um vier Uhr morgens, wenn das Roggenbrot in den Ofen kommt.",
            image=_picture("Backstube Pannasch", "Frisches Roggenbrot auf einem Holzbrett"),
            related_shop_id=_shops("backstube-pannasch")[0],
            body=[
                _text(
                    "Wenn in der Lindenstraße noch alle Fenster dunkel sind, brennt in der "
                    "Backstube längst Licht. Der Sauerteig für das Lausitzer Roggenbrot wurde "
                    "schon am Vortag angesetzt, so wie es der Großvater 1968 gemacht hat.",
                    "Neu ist, dass man Brot und Brötchen jetzt auch am Abend vorher über den "
                    "Marktplatz bestellen kann. Am Morgen liegt die Tüte mit dem Namen bereit; "
                    "bezahlt ist schon, der Abholcode genügt.",
                ),
                _block(
                    "quote",
                    "Das Brot ist dasselbe geblieben. Nur die Schlange am Samstag ist "
                    "kürzer geworden.",
                ),
                _block(
                    "product_teasers",
                    {
                        "heading": "Aus der Backstube",
                        "products": _products_of("backstube-pannasch", 4),
                    },
                ),
            ],
        )
    )
    florist_story = stories.add_child(
        instance=StoryPage(
            title="Rosen aus der Rosenstadt",
            slug="rosen-aus-der-rosenstadt",
            date=today - timedelta(days=10),
            intro="Warum in Forst so viele Rosen blühen, und welche Sorten im eigenen Garten "
            "den Lausitzer Winter überstehen: Katrin Wenzel vom Blumenhaus Rosengarten erklärt.",
            image=_picture("Rosen aus der Rosenstadt", "Ein Beet mit roten und rosa Rosen"),
            related_shop_id=_shops("blumenhaus-rosengarten")[0],
            body=[
                _text(
                    "Der Ostdeutsche Rosengarten an der Neiße ist über hundert Jahre alt und einer "
                    "der größten Rosengärten Deutschlands. Kein Wunder, dass viele Forster selbst "
                    "Rosen pflanzen.",
                    "Für den Anfang rät Katrin Wenzel zu robusten Beetrosen und einer guten "
                    "Rosenschere: Geschnitten wird, wenn die Forsythien blühen.",
                ),
                _block(
                    "product_teasers",
                    {
                        "heading": "Für Ihren Rosengarten",
                        "products": _products_of("blumenhaus-rosengarten", 4),
                    },
                ),
            ],
        )
    )
    how_story = stories.add_child(
        instance=StoryPage(
            title="Ein Warenkorb für die ganze Innenstadt",
            slug="so-funktioniert-der-marktplatz",
            date=today - timedelta(days=20),
            intro="Brötchen vom Bäcker, ein Buch vom Markt und ein Fahrradschloss: einmal "
            "bestellen und bezahlen, in jedem Laden selbst abholen. So funktioniert der "
            "Marktplatz.",
            image=_picture(
                "Ein Warenkorb für die Innenstadt", "Einkaufstüten vor einem Schaufenster"
            ),
            body=[
                _text(
                    "Sie suchen in allen Geschäften der Innenstadt zugleich und legen in einen "
                    "gemeinsamen Warenkorb, was Sie brauchen. Jeder Laden stellt seinen Teil "
                    "zusammen und meldet, wann er abholbereit ist.",
                    "Zur Abholung zeigen Sie im Laden Ihren Abholcode. Die Ware bleibt in Forst, "
                    "das Geld auch.",
                ),
                _block(
                    "shop_teasers",
                    {
                        "heading": "Diese Geschäfte sind dabei",
                        "shops": _shops(
                            "buchhandlung-am-markt", "zweirad-mattick", "feinkost-kito"
                        ),
                    },
                ),
            ],
        )
    )
    pages += 3

    late_night = late_night_shopping_day(today)
    open_day = today + timedelta(days=40)
    rose_festival_year = today.year if today.month < 6 else today.year + 1
    rose_festival = date(rose_festival_year, 6, 26)
    event_pages = [
        EventPage(
            title="Forster Einkaufsnacht",
            slug="einkaufsnacht",
            start=_at(late_night, 18),
            end=_at(late_night, 22),
            location="Innenstadt, Cottbuser Straße und Berliner Straße",
            intro="Bis 22 Uhr geöffnet: Die Geschäfte der Innenstadt laden zum Bummeln, mit "
            "Musik, Glühwein und Überraschungen in den Läden.",
            description="<p>Viele Geschäfte haben an diesem Abend bis 22 Uhr geöffnet. Wer "
            "vorher über den Marktplatz bestellt, holt einfach im Vorbeigehen "
            "ab.</p>",
        ),
        EventPage(
            title="Tag der offenen Unternehmen",
            slug="tag-der-offenen-unternehmen",
            start=_at(open_day, 10),
            end=_at(open_day, 15),
            location="Betriebe der Innenstadt",
            intro="Schülerinnen und Schüler schauen hinter die Ladentheke: Ausbildung, Praktikum "
            "und Ferienjob bei den Betrieben der Innenstadt.",
            description="<p>Bäckerei, Fahrradwerkstatt, Buchhandlung und viele mehr öffnen "
            "ihre Türen. Eine Anmeldung ist nicht nötig.</p>",
        ),
        EventPage(
            title="Rosengartenfest",
            slug="rosengartenfest",
            start=_at(rose_festival, 10),
            end=_at(rose_festival + timedelta(days=2), 18),
            location="Ostdeutscher Rosengarten, Wehrinselstraße",
            intro="Das große Fest der Rosenstadt: Rosenschau, Markt und Musik im Ostdeutschen "
            "Rosengarten.",
            description="<p>Drei Tage Rosen, Musik und Markt. Die Geschäfte der Innenstadt sind "
            "mit eigenen Ständen dabei.</p>",
        ),
        EventPage(
            title="Herbstmarkt auf dem Marktplatz",
            slug="herbstmarkt",
            start=_at(today - timedelta(days=45), 9),
            end=_at(today - timedelta(days=45), 16),
            location="Markt",
            intro="Kürbisse, Kartoffeln und Kunsthandwerk aus der Region.",
        ),
    ]
    for event in event_pages:
        events.add_child(instance=event)
    pages += len(event_pages)

    legal = [
        (
            "Impressum",
            "impressum",
            (
                "Marktplatz Forst wird betrieben vom Gewerbeverein Rosenstadt Forst e. V. "
                "(Demo-Angaben, fiktiv), Markt 1, 03149 Forst (Lausitz). Vertreten durch den "
                "Vorstand. Vereinsregister: Amtsgericht Cottbus, VR 0000 CB.",
                "Für die Angebote der Geschäfte ist das jeweilige Geschäft verantwortlich; sein "
                "Impressum steht auf seiner Seite.",
            ),
        ),
        (
            "Datenschutz",
            "datenschutz",
            (
                "Wir verarbeiten Ihre Daten nur, um Ihre Bestellung abzuwickeln: Name, "
                "E-Mail-Adresse und Bestellung erhält nur das Geschäft, bei dem Sie abholen.",
                "Diese Seite ist ein Muster der Demo und keine Rechtsberatung.",
            ),
        ),
        (
            "Allgemeine Geschäftsbedingungen",
            "agb",
            (
                "Der Kaufvertrag kommt mit dem jeweiligen Geschäft zustande. Die Ware wird im "
                "Geschäft abgeholt.",
                "Diese Seite ist ein Muster der Demo und keine Rechtsberatung.",
            ),
        ),
        (
            "Widerrufsbelehrung",
            "widerruf",
            (
                "Sie haben das Recht, binnen vierzehn Tagen ohne Angabe von Gründen diesen "
                "Vertrag zu widerrufen. Ausgenommen sind schnell verderbliche Waren wie "
                "Backwaren, Fleisch und Schnittblumen.",
                "Diese Seite ist ein Muster der Demo und keine Rechtsberatung.",
            ),
        ),
    ]
    for title, slug, paragraphs in legal:
        home.add_child(
            instance=ContentPage(
                title=title,
                slug=slug,
                show_in_menus=False,
                body="".join(f"<p>{text}</p>" for text in paragraphs),
            )
        )
    pages += len(legal)

    home.hero_heading = "Einkaufen in der Forster Innenstadt"
    home.hero_text = (
        "<p>Die Geschäfte der Rosenstadt in einem Warenkorb: online bestellen, in jedem Laden "
        "selbst abholen.</p>"
    )
    home.body = [
        _block(
            "product_teasers",
            {
                "heading": "Frisch aus der Innenstadt",
                "products": _products_of("backstube-pannasch", 2)
                + _products_of("feinkost-kito", 2)
                + _products_of("zweirad-mattick", 2)
                + _products_of("buchhandlung-am-markt", 2),
            },
        ),
        _block(
            "shop_teasers",
            {
                "heading": "Geschäfte entdecken",
                "shops": _shops(
                    "backstube-pannasch",
                    "blumenhaus-rosengarten",
                    "buchhandlung-am-markt",
                    "zweirad-mattick",
                    "fleischerei-kschenka",
                    "elektro-krautz",
                ),
            },
        ),
        _block("upcoming_events", {"heading": "Demnächst in Forst", "count": 3}),
        _block(
            "page_teasers",
            {
                "heading": "Geschichten aus der Innenstadt",
                "pages": [bakery_story.pk, florist_story.pk, how_story.pk],
            },
        ),
    ]
    home.save_revision().publish()
    return pages
