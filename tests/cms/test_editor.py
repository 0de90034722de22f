"""What a CMS editor (Wagtail's "Editors" group, not staff) can do: open the CMS and edit pages,
including pages with product and shop teasers; Oscar's dashboard and Django's admin stay closed."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from tests.factories import UserFactory, VendorFactory, product_of
from tests.storefront.factories import (
    block,
    editor_user,
    home_page,
    home_with_body,
    story,
    story_index,
)
from vendors.models import VendorStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = editor_user()
    client.force_login(user)
    return user


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def test_editor_is_not_staff_but_may_use_the_cms(editor):
    assert not editor.is_staff and not editor.is_superuser
    assert editor.has_perm("wagtailadmin.access_admin")


def test_editor_opens_the_cms(client, editor):
    response = client.get("/cms/")
    assert response.status_code == 200
    assert b"wagtail" in response.content.lower()


def test_editor_opens_the_home_page_editor_with_teasers(client, editor):
    shown = product_of(VendorFactory(), title="Roggenbrot")
    hidden = product_of(VendorFactory(status=VendorStatus.SUSPENDED), title="Gesperrt")
    shop = VendorFactory(name="Blumenhaus")
    home = home_with_body(
        block("product_teasers", {"heading": "Frisch", "products": [shown.pk, hidden.pk]}),
        block("shop_teasers", {"heading": "Läden", "shops": [shop.pk]}),
    )
    response = client.get(edit_url(home))
    assert response.status_code == 200
    assert reverse("cms_product_chooser:choose").encode() in response.content
    assert reverse("cms_vendor_chooser:choose").encode() in response.content


def test_editor_saves_a_draft_of_the_home_page(client, editor):
    home = home_page()
    live_heading = home.hero_heading
    form = client.get(edit_url(home))
    data = querydict_from_html(form.content.decode(), form_id="page-edit-form")
    data.update(
        nested_form_data(
            {
                "title": home.title,
                "slug": home.slug,
                "hero_heading": "Willkommen in der Rosenstadt",
                "hero_text": rich_text("<p>Alle Läden, ein Warenkorb.</p>"),
                "body": streamfield([]),
            }
        )
    )

    response = client.post(edit_url(home), data)

    assert response.status_code == 302, response.content[:2000]
    home.refresh_from_db()
    assert home.get_latest_revision().as_object().hero_heading == "Willkommen in der Rosenstadt"
    assert home.has_unpublished_changes
    # Editors save drafts; the live page changes only when someone with publish rights publishes.
    assert home.hero_heading == live_heading
    assert live_heading in client.get("/").content.decode()


@pytest.mark.parametrize("url", ["/dashboard/", "/dashboard/catalogue/", "/dashboard/orders/"])
def test_editor_cannot_open_oscars_dashboard(client, editor, url):
    response = client.get(url)
    # Oscar answers a logged-in user without dashboard rights with 403 (anonymous: the login).
    assert response.status_code == 403


def test_anonymous_dashboard_goes_to_the_login(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("dashboard:login"))


def test_editor_cannot_open_djangos_admin(client, editor):
    response = client.get("/django-admin/")
    assert response.status_code == 302
    assert "/django-admin/login/" in response["Location"]


def test_resident_cannot_open_the_cms(client):
    client.force_login(UserFactory())
    response = client.get("/cms/")
    assert response.status_code in (302, 403)
    assert client.get(reverse("cms_product_chooser:choose")).status_code in (302, 403)


def test_story_editor_picks_the_shop_with_the_shop_chooser(client, editor):
    VendorFactory(name="Beantragter Laden", status=VendorStatus.APPLIED)
    portrait = story(story_index(), title="Ein Porträt")
    response = client.get(edit_url(portrait))
    assert response.status_code == 200
    # A chooser (hidden input + modal of approved shops), not a <select> of every shop.
    assert reverse("cms_vendor_chooser:choose").encode() in response.content
    assert b"Beantragter Laden" not in response.content
