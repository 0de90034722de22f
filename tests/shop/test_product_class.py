"""No product class ever requires shipping: Oscar's address step must never come back."""

import pytest
from oscar.core.loading import get_model

from tests.factories import VendorFactory, product_of
from tests.fulfilment.conftest import basket_with

pytestmark = pytest.mark.django_db
ProductClass = get_model("catalogue", "ProductClass")


def test_a_class_made_in_the_dashboard_with_shipping_ticked_does_not_require_it():
    made = ProductClass.objects.create(name="Fahrräder", requires_shipping=True)
    assert ProductClass.objects.get(pk=made.pk).requires_shipping is False

    made.requires_shipping = True
    made.save(update_fields=["name"])  # even a partial save turns it off
    assert ProductClass.objects.get(pk=made.pk).requires_shipping is False


def test_a_basket_of_such_a_class_needs_no_shipping_address():
    bikes = ProductClass.objects.create(name="Fahrräder", requires_shipping=True)
    product = product_of(VendorFactory(), product_class=bikes)
    assert basket_with((product, 1)).is_shipping_required() is False
