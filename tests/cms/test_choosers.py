"""The CMS's read-only product and shop choosers (cms/choosers.py) offer only what residents may
see: public products of approved shops, approved shops. Hidden items cannot be chosen by id."""

import json

import pytest
from django.urls import reverse

from tests.factories import VendorFactory, product_of
from tests.storefront.factories import editor_user
from tests.storefront.html import parse
from vendors.models import VendorStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(editor_user())
    return client


def modal_html(response) -> str:
    assert response.status_code == 200
    return json.loads(response.content)["html"]


def listed_titles(html: str) -> list[str]:
    """Titles in the chooser's result table (the links that choose an item)."""
    return [a.text for a in parse(html).find_all("a") if "data-chooser-modal-choice" in a.attrs]


@pytest.fixture
def catalogue():
    bakery = VendorFactory(name="Backstube")
    return {
        "shown": product_of(bakery, title="Roggenbrot"),
        "listed_only": product_of(
            VendorFactory(name="Optik", sells_online=False), title="Lesebrille"
        ),
        "private": product_of(bakery, title="Nicht öffentlich", is_public=False),
        "suspended": product_of(VendorFactory(status=VendorStatus.SUSPENDED), title="Gesperrt"),
        "applied": product_of(VendorFactory(status=VendorStatus.APPLIED), title="Beantragt"),
    }


def test_product_chooser_lists_only_visible_products(editor_client, catalogue):
    html = modal_html(editor_client.get(reverse("cms_product_chooser:choose")))
    assert listed_titles(html) == ["Lesebrille", "Roggenbrot"]
    assert "Backstube" in parse(html).text  # the shop column


def test_product_chooser_search_by_title_and_shop(editor_client, catalogue):
    url = reverse("cms_product_chooser:choose_results")
    assert listed_titles(editor_client.get(url, {"q": "roggen"}).content.decode()) == ["Roggenbrot"]
    assert listed_titles(editor_client.get(url, {"q": "optik"}).content.decode()) == ["Lesebrille"]
    assert listed_titles(editor_client.get(url, {"q": "gesperrt"}).content.decode()) == []


def test_product_chooser_refuses_hidden_products_by_id(editor_client, catalogue):
    chosen = editor_client.get(reverse("cms_product_chooser:chosen", args=[catalogue["shown"].pk]))
    assert chosen.status_code == 200
    assert json.loads(chosen.content)["result"]["title"] == "Roggenbrot"
    for key in ("private", "suspended", "applied"):
        url = reverse("cms_product_chooser:chosen", args=[catalogue[key].pk])
        assert editor_client.get(url).status_code == 404, key


def test_product_chooser_offers_no_creation(editor_client, catalogue):
    html = modal_html(editor_client.get(reverse("cms_product_chooser:choose")))
    # No "create" tab: the only form in the modal is the search.
    assert 'role="tablist"' not in html
    forms = parse(html).find_all("form")
    assert len(forms) == 1 and "data-chooser-modal-search" in forms[0].attrs


def test_vendor_chooser_lists_only_approved_shops(editor_client):
    VendorFactory(name="Blumenhaus")
    VendorFactory(name="Optik", sells_online=False)
    applied = VendorFactory(name="Beantragt", status=VendorStatus.APPLIED)
    suspended = VendorFactory(name="Gesperrt", status=VendorStatus.SUSPENDED)

    html = modal_html(editor_client.get(reverse("cms_vendor_chooser:choose")))
    assert listed_titles(html) == ["Blumenhaus", "Optik"]
    for hidden in (applied, suspended):
        assert (
            editor_client.get(reverse("cms_vendor_chooser:chosen", args=[hidden.pk])).status_code
            == 404
        )


def test_choosers_need_the_cms(client, catalogue):
    response = client.get(reverse("cms_product_chooser:choose"))
    assert response.status_code == 302
    assert "/cms/login/" in response["Location"]
