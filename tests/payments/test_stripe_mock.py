"""Every request we send, against stripe-mock: the real ``stripe`` library, Stripe's OpenAPI
spec as judge (stripe-mock answers 400 for a parameter the API does not know or a wrong type).

stripe-mock is stateless: it answers with fixtures (echoing some parameters), so these tests
check that our requests are valid and that we read Stripe's answers; state and faults are the
fault double's part.
"""

from decimal import Decimal

import pytest
from django.test import Client

from payments.models import ConnectedAccount, Payment
from payments.stripe import api, services
from payments.stripe.errors import PaymentProblem
from tests.factories import UserFactory, VendorFactory

pytestmark = [pytest.mark.stripe, pytest.mark.django_db]


def test_payment_intent_for_the_whole_basket(stripe_mock):
    intent = api.payment_intent_create(
        order_number="100090",
        attempt=1,
        amount=Decimal("31.40"),
        currency="EUR",
        metadata={"basket_id": "7"},
    )
    assert intent["object"] == "payment_intent"
    assert intent["amount"] == 3140
    assert intent["currency"] == "eur"
    assert intent["transfer_group"] == "100090"
    assert intent["client_secret"]
    again = api.payment_intent_retrieve(intent_id=intent["id"])
    assert again["id"] == intent["id"]
    cancelled = api.payment_intent_cancel(intent_id=intent["id"], order_number="100090", attempt=1)
    assert cancelled["object"] == "payment_intent"


def test_transfer_from_the_charge_and_its_reversal(stripe_mock):
    transfer = api.transfer_create(
        order_number="100090",
        vendor_id=3,
        amount=Decimal("8.30"),
        destination="acct_1032D82eZvKYlo2C",
        source_transaction="ch_1NirD82eZvKYlo2CIvbtLWuY",
    )
    assert transfer["object"] == "transfer"
    assert transfer["amount"] == 830
    reversal = api.transfer_reversal_create(
        transfer_id=transfer["id"],
        amount=Decimal("8.30"),
        order_number="100090",
        vendor_id=3,
        reason="withdrawn",
    )
    assert reversal["object"] == "transfer_reversal"
    listed = api.transfers_list(transfer_group="100090", destination="acct_1032D82eZvKYlo2C")
    assert isinstance(listed, list)


def test_refund_of_a_part(stripe_mock):
    refund = api.refund_create(
        payment_intent="pi_3MtwBwLkdIwHu7ix28a3tqPa",
        amount=Decimal("19.90"),
        order_number="100090",
        shop=4,
        reason="cancelled",
        metadata={"part": "100090-4"},
    )
    assert refund["object"] == "refund"
    assert isinstance(api.refunds_list(payment_intent="pi_3MtwBwLkdIwHu7ix28a3tqPa"), list)


def test_express_account_and_its_onboarding_link(stripe_mock):
    account = api.account_create(vendor_id=5, email="laden@example.org", business_name="Laden")
    assert account["object"] == "account"
    link = api.account_link_create(
        account_id=account["id"],
        refresh_url="https://marktplatz.forst.example/laden/x/zahlungen/?expired=1",
        return_url="https://marktplatz.forst.example/laden/x/zahlungen/zurueck/",
        request_key="abc",
    )
    assert link["url"].startswith("https://")
    fetched = api.account_retrieve(account_id=account["id"])
    assert {"charges_enabled", "payouts_enabled", "details_submitted"} <= set(fetched)


def test_a_request_stripe_refuses_becomes_our_error(stripe_mock):
    with pytest.raises(PaymentProblem):
        api._call(lambda client: client.v1.payment_intents.create({"amount": "many"}))


def test_payment_start_stores_the_intent(stripe_mock):
    start = services.payment_start(order_number="100091", amount=Decimal("12.00"))
    payment = Payment.objects.get()
    assert payment.intent_id == start.reference and start.client_secret


def test_onboarding_creates_the_account_and_sends_the_shop_to_stripe(stripe_mock):
    vendor = VendorFactory(slug="laden-am-markt")
    user = UserFactory()
    vendor.partner.users.add(user)
    client = Client()
    client.force_login(user)
    response = client.post("/laden/laden-am-markt/zahlungen/")
    assert response.status_code == 302
    assert response["Location"].startswith("https://")
    account = ConnectedAccount.objects.get(vendor=vendor)
    back = client.get("/laden/laden-am-markt/zahlungen/zurueck/")
    assert back.status_code == 200
    account.refresh_from_db()
    assert account.synced_at is not None
