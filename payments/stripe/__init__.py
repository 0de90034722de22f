"""Stripe Connect for the marketplace: "separate charges and transfers".

How money moves
---------------
* **One PaymentIntent per basket** (``transfer_group`` = the Oscar order number), in the
  platform's account, for the gross total of every shop's part. It is created when the resident
  presses "zahlungspflichtig bestellen" (``services.payment_start``) and confirmed in the browser
  by Stripe.js; the server never trusts the browser's word and checks the intent itself
  (``services.payment_confirmed``) before the order is placed.
* **One Transfer per shop part** (``source_transaction`` = the charge, destination = the shop's
  Express account) for the part's ``vendor_share`` once the part is *collected*, i.e. its pickup
  code was redeemed at the counter (``services.payout_create``). The platform keeps the part's
  ``platform_fee`` by simply not transferring it.
* **Refund per part** on cancellation, expiry or withdrawal: the part's money is refunded from
  the charge and, if the shop was paid already, its transfer is reversed by the same share
  (``services.refund_create``).

DECISION: automatic capture for the whole basket
------------------------------------------------
We capture at once (``capture_method=automatic``) and do not authorise-then-capture per shop:

1. A PaymentIntent can be captured only once. With several shops in one basket, capturing "what
   the shops confirm" would mean waiting for the slowest shop; a shop that confirms later could
   no longer be charged.
2. Card authorisations lapse after about seven days. Manual capture would bound every pickup
   window (slot + ``collect_within_days``) to the authorisation's life; our shops offer slots up
   to four weeks ahead and let residents collect days later.
3. The resident's protection does not need an uncaptured authorisation: the money reaches a
   shop only when the goods are handed over (the transfer is made on collection), and every part
   that is not handed over is refunded automatically (cancel, expiry, withdrawal).

The cost: a cancelled part is a (partial) refund rather than a released authorisation, and
Stripe keeps its fee on the captured amount. For local click-and-collect baskets that is the
price of windows longer than a week and of one simple, once-only capture.

Rules every module here keeps
-----------------------------
* ``api`` is the only module that imports the ``stripe`` library. It converts ``Decimal`` euros to
  integer cents (half up), sends a deterministic idempotency key with every POST (order number +
  shop + action) and maps Stripe's errors to ours (``errors``), so nothing else sees Stripe's
  classes.
* Webhook events are verified on the raw body and stored with a unique event id in the same
  transaction as their effect (``webhooks``); states only move forward.
* Rows (``Payment``, ``Payout``, ``Refund``) are written before the call that moves money, so a
  crash between the two is found again and retried with the same idempotency key.
"""
