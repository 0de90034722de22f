"""Fork of oscar.apps.partner.

Why: the pricing strategy reads gross German prices with a per-product VAT category, and the stock
record keeps what a shop declares beside the count: availability in Google's vocabulary, how it
can be picked up, when the stock was last confirmed, and the regular price behind a sale price.
"""
