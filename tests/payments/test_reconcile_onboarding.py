"""``manage.py payments_reconcile`` (quality bar 8) and the shops' onboarding pages."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from oscar.core.loading import get_model
from oscar.test.factories import create_order

from payments.models import ConnectedAccount, Payment, Payout, PayoutStatus, Refund
from payments.stripe import services
from payments.stripe.errors import PaymentError
from tests.factories import UserFactory, VendorFactory
from tests.payments.conftest import shop_with_account, stripe_order

pytestmark = pytest.mark.django_db
SourceType = get_model("payment", "SourceType")
Source = get_model("payment", "Source")


def reconcile(*args) -> str:
    out = StringIO()
    call_command("payments_reconcile", *args, stdout=out)
    return out.getvalue()


def paid_without_order(double, number="100110", minutes_ago=60):
    start = services.payment_start(order_number=number, amount=Decimal("8.00"))
    double.intent_pays(start.reference)
    services.payment_confirmed(order_number=number, amount=Decimal("8.00"))
    Payment.objects.filter(intent_id=start.reference).update(
        succeeded_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return start


def test_finds_a_payment_without_order_and_an_order_without_payment(double):
    paid_without_order(double)
    paid_without_order(double, number="100111", minutes_ago=1)  # the browser may be coming
    order = create_order()
    source_type, _ = SourceType.objects.get_or_create(code="stripe", defaults={"name": "S"})
    Source.objects.create(order=order, source_type=source_type, amount_allocated=Decimal(1))
    out = reconcile()
    assert "Payments without order: 1\n  100110 #1" in out
    assert f"Orders without payment: 1\n  {order.number} " in out
    with pytest.raises(CommandError):
        reconcile("--fail-on-findings")


def test_a_clean_book_has_no_findings(double):
    stripe_order(double, (shop_with_account(), "5.00", 1))
    out = reconcile("--fail-on-findings")
    assert "Payments without order: 0" in out and "Orders without payment: 0" in out


def test_settle_refunds_a_payment_without_order_when_no_placer_is_set(double):
    paid_without_order(double)
    reconcile("--settle")
    assert [refund["amount"] for refund in double.objects("refund")] == [800]
    assert Refund.objects.get().refund_id
    assert "Payments without order: 0" in reconcile()


def test_retry_pays_out_what_failed_before_and_nothing_twice(double):
    shop = shop_with_account()
    paid = stripe_order(double, (shop, "10.00", 1))
    part = paid.parts[shop]
    part.status = "collected"
    part.save()
    double.fail_next("500", path="/v1/transfers", times=2)
    with pytest.raises(PaymentError):
        services.payout_create(fulfilment=part)
    assert "Payouts not transferred: 1" in reconcile()
    reconcile("--retry")
    reconcile("--retry")
    assert len(double.objects("transfer")) == 1
    assert Payout.objects.get().status == PayoutStatus.PAID


def test_retry_refunds_a_closed_part_that_was_not_refunded(double):
    shop = shop_with_account()
    paid = stripe_order(double, (shop, "10.00", 1))
    type(paid.parts[shop]).objects.filter(pk=paid.parts[shop].pk).update(status="expired")
    assert "Closed parts without refund: 1" in reconcile()
    reconcile("--retry")
    assert [refund["amount"] for refund in double.objects("refund")] == [1000]


# -- onboarding ---------------------------------------------------------------------------


@pytest.fixture
def staff():
    vendor = VendorFactory(slug="laden-am-markt", name="Laden am Markt")
    user = UserFactory()
    vendor.partner.users.add(user)
    client = Client()
    client.force_login(user)
    return vendor, client


URL = "/laden/laden-am-markt/zahlungen/"


def test_onboarding_needs_a_login_and_the_shops_staff(double, staff):
    assert Client().get(URL).status_code == 302
    other = Client()
    other.force_login(UserFactory())
    assert other.get(URL).status_code == 404
    assert other.post(URL).status_code == 404
    assert ConnectedAccount.objects.count() == 0


def test_the_page_creates_nothing_the_post_creates_the_account_once(double, staff):
    vendor, client = staff
    assert client.get(URL).status_code == 200
    assert double.posts() == []
    first = client.post(URL)
    second = client.post(URL)
    assert first["Location"].startswith("https://connect.stripe.test/setup/")
    assert first["Location"] != second["Location"]  # a fresh one-time link per click
    (account,) = double.objects("account")
    assert account["type"] == "express" and account["country"] == "DE"
    assert ConnectedAccount.objects.get(vendor=vendor).account_id == account["id"]
    link_post = double.posts("/v1/account_links")[0]
    assert link_post.params["return_url"].endswith("/laden/laden-am-markt/zahlungen/zurueck/")
    assert link_post.params["refresh_url"].endswith("/laden/laden-am-markt/zahlungen/?expired=1")


def test_coming_back_proves_nothing_only_stripe_does(double, staff):
    vendor, client = staff
    client.post(URL)
    account = ConnectedAccount.objects.get(vendor=vendor)
    page = client.get(URL + "zurueck/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    account.refresh_from_db()
    assert not account.charges_enabled and account.synced_at is not None
    assert "not yet" in page.content.decode()
    double.account_set(
        account.account_id,
        charges_enabled=True,
        payouts_enabled=True,
        details_submitted=True,
        requirements={"currently_due": [], "disabled_reason": None},
    )
    client.get(URL + "zurueck/")
    account.refresh_from_db()
    assert account.charges_enabled and account.payouts_enabled


def test_without_keys_there_is_nothing_to_set_up(staff, settings):
    settings.STRIPE_SECRET_KEY = ""
    _vendor, client = staff
    assert client.get(URL).status_code == 200
    assert client.post(URL).status_code == 404


def test_settle_catches_a_payment_whose_webhook_never_came(double):
    start = services.payment_start(order_number="100112", amount=Decimal("8.00"))
    double.intent_pays(start.reference)  # Stripe knows; we were never told
    Payment.objects.filter(intent_id=start.reference).update(
        created_at=timezone.now() - timedelta(hours=2)
    )
    reconcile("--settle", "--older-than", "0")
    assert Payment.objects.get().voided_at is not None
    assert [refund["amount"] for refund in double.objects("refund")] == [800]
