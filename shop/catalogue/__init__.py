"""Fork of oscar.apps.catalogue.

Why: German price law needs facts Oscar's Product lacks: the VAT category (19 % / 7 %), the
quantity for the unit price (Grundpreis), whether the goods are perishable (excluded from
withdrawal), and the feed facts shops already keep (brand, GTIN, condition, their own product page).
A GTIN is not Oscar's unique ``upc``: two shops may sell the same article.
"""
