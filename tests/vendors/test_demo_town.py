"""The demo town that `make run` loads: believable, complete, and every page of it renders."""

import stat

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from oscar.core.loading import get_model
from wagtail.models import Page

from cms.models import ContentPage, EventPage, StoryPage
from tests.factories import VendorFactory
from vendors.models import Vendor, VendorStatus
from vendors.selectors import product_list_visible

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")

PASSWORD = "demo-test-password"


@pytest.fixture
def demo_settings(settings, tmp_path):
    settings.DEMO_ALLOWED = True
    settings.DEMO_PASSWORD = PASSWORD
    settings.DEMO_CREDENTIALS_FILE = tmp_path / "demo-credentials.txt"
    return settings


@pytest.mark.django_db
def test_the_demo_town_is_complete_and_every_page_renders(demo_settings, client, capsys):
    call_command("demo_town", "--if-empty")
    out = capsys.readouterr().out
    assert "Demo town built" in out and PASSWORD in out

    # Shops: at least twelve visible, of different trades, with hours, position and Impressum.
    visible = list(Vendor.objects.visible())
    assert len(visible) >= 12
    assert len({vendor.trade for vendor in visible}) >= 12
    for vendor in visible:
        assert vendor.opening_hours.exists(), vendor
        assert vendor.latitude and vendor.longitude, vendor
        assert vendor.impressum_missing == [], vendor
        assert vendor.logo, vendor
    assert Vendor.objects.filter(status=VendorStatus.APPLIED).exists()
    assert Vendor.objects.visible().filter(sells_online=False).exists()

    # Products: 300+, each with exactly one stock record of a visible shop and a picture.
    products = Product.objects.annotate(records=Count("stockrecords"), pictures=Count("images"))
    assert products.count() >= 300
    assert set(products.values_list("records", flat=True)) == {1}
    assert set(products.values_list("pictures", flat=True)) == {1}
    assert product_list_visible().count() == products.count()
    with_unit_price = Product.objects.exclude(unit_pricing_unit="")
    assert with_unit_price.count() >= 30
    assert Product.objects.filter(vat_category="reduced").exists()
    assert Product.objects.filter(vat_category="standard").exists()
    assert StockRecord.objects.filter(availability="out_of_stock").exists()
    assert StockRecord.objects.filter(pickup_method="reserve").exists()
    assert StockRecord.objects.filter(num_in_stock__isnull=True).exists()  # uncounted stock
    assert Category.objects.filter(depth=1).count() >= 8

    # Editorial pages.
    assert StoryPage.objects.live().count() >= 3
    assert EventPage.objects.live().count() >= 3
    assert ContentPage.objects.live().filter(slug="impressum").exists()

    # The credentials file is private and lists every account.
    credentials = demo_settings.DEMO_CREDENTIALS_FILE
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    text = credentials.read_text()
    assert "betrieb@marktplatz-forst.example" in text and PASSWORD in text

    # Every page a resident can reach from the demo answers 200.
    urls = ["/", "/shops/", "/catalogue/", "/basket/", "/api/v1/vendors/", "/api/schema/"]
    urls += [vendor.get_absolute_url() for vendor in visible]
    urls += [category.get_absolute_url() for category in Category.objects.all()]
    urls += [page.url for page in Page.objects.live().filter(depth__gte=2).specific()]
    one_product_per_shop = {
        record.partner_id: record.product
        for record in StockRecord.objects.select_related("product")
    }
    for product in one_product_per_shop.values():
        urls += [product.get_absolute_url(), f"/api/v1/products/{product.pk}/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    assert (
        client.get(f"/shops/{Vendor.objects.get(status=VendorStatus.APPLIED).slug}/").status_code
        == 404
    )

    # The accounts work: operator and shop staff in Oscar's dashboard, the editor in the CMS only.
    assert client.login(username="betrieb@marktplatz-forst.example", password=PASSWORD)
    assert client.get("/dashboard/").status_code == 200
    client.logout()
    assert client.login(username="team@backstube-pannasch.example", password=PASSWORD)
    assert client.get("/dashboard/catalogue/").status_code == 200
    client.logout()
    assert client.login(username="redaktion@gewerbeverein-forst.example", password=PASSWORD)
    assert client.get("/cms/").status_code == 200
    assert client.get("/dashboard/").status_code in (302, 403)

    # A second run reuses what exists: nothing is added, the accounts are shown again.
    before = (Vendor.objects.count(), Product.objects.count(), Page.objects.count())
    call_command("demo_town", "--if-empty")
    assert "exists already" in capsys.readouterr().out
    assert (Vendor.objects.count(), Product.objects.count(), Page.objects.count()) == before


@pytest.mark.django_db
def test_the_demo_is_never_mixed_into_a_database_with_shops(demo_settings):
    VendorFactory()
    with pytest.raises(CommandError, match="has shops already"):
        call_command("demo_town")
    assert Vendor.objects.count() == 1


@pytest.mark.django_db
def test_the_demo_is_refused_where_settings_do_not_allow_it(settings):
    settings.DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="DEMO_ALLOWED"):
        call_command("demo_town", "--if-empty")
    assert not Vendor.objects.exists()
