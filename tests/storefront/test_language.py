"""German first, English second: the default without any hint is German, English is chosen with
Django's set_language view or the browser's Accept-Language; ``<html lang>`` follows."""

import pytest
from django.conf import settings

from tests.factories import VendorFactory
from tests.storefront.html import parse

pytestmark = pytest.mark.django_db


def html_lang(response) -> str:
    return parse(response).find("html").get("lang")


def heading(response) -> str:
    return parse(response).find("h1").text


def test_default_language_is_german(client):
    assert settings.LANGUAGE_CODE == "de"
    response = client.get("/shops/")  # the test client sends no Accept-Language
    assert response.status_code == 200
    assert html_lang(response) == "de"
    assert heading(response) == "Geschäfte in Forst"
    assert response["Content-Language"] == "de"


def test_accept_language_english(client):
    response = client.get("/shops/", HTTP_ACCEPT_LANGUAGE="en")
    assert html_lang(response) == "en"
    assert heading(response) == "Shops in Forst"


def test_unsupported_browser_language_falls_back_to_german(client):
    response = client.get("/shops/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert html_lang(response) == "de"


def test_language_switch_posts_to_set_language(client):
    switch = parse(client.get("/shops/")).find("form", class_="language-switch")
    assert switch.get("action") == "/i18n/setlang/"
    assert switch.get("method") == "post"
    buttons = {b.get("value"): b for b in switch.find_all("button", name="language")}
    assert set(buttons) == {"de", "en"}
    assert buttons["de"].get("aria-pressed") == "true"
    assert buttons["en"].get("lang") == "en" and buttons["en"].text == "English"
    assert switch.find("input", name="next").get("value") == "/shops/"


def test_switch_to_english_and_back(client):
    shop = VendorFactory()
    response = client.post("/i18n/setlang/", {"language": "en", "next": shop.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"] == shop.get_absolute_url()

    for url in ("/shops/", shop.get_absolute_url(), "/catalogue/", "/"):
        page = client.get(url)
        assert html_lang(page) == "en", url
    assert heading(client.get("/shops/")) == "Shops in Forst"
    assert heading(client.get("/catalogue/")) == "All products"

    client.post("/i18n/setlang/", {"language": "de", "next": "/shops/"})
    assert heading(client.get("/shops/")) == "Geschäfte in Forst"


def test_chosen_language_wins_over_accept_language(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/shops/", HTTP_ACCEPT_LANGUAGE="de")
    assert html_lang(response) == "en"


def test_home_page_is_german_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert html_lang(response) == "de"
    skip = parse(response).find("a", class_="skip-link")
    assert skip.text == "Zum Hauptinhalt springen"
    assert parse(client.get("/", HTTP_ACCEPT_LANGUAGE="en")).find("a", class_="skip-link").text == (
        "Skip to main content"
    )
