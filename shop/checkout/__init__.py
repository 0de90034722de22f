"""Fork of oscar.apps.checkout.

Why: click-and-collect. The checkout asks no shipping address; it asks a pickup slot per shop
(offered from each shop's opening hours, holidays and preparation time), reserves the stock when
the resident goes to payment, offers the payment providers of ``payments.registry`` and shows the
summary German law asks for above the "zahlungspflichtig bestellen" button. Placing the order
creates one part per shop (``fulfilment.services``).
"""
