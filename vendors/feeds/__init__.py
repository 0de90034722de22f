"""Importing what shops already have: Google Merchant Center product and local inventory feeds.

Layers, from pure to writing:

* ``reading``  bytes/file -> rows with line numbers, or ``FeedError`` for an unusable file
* ``values``, ``vat``, ``rows``  one row -> the values to store, or ``RowError`` with reasons
* ``images``  fetching (bounded, public addresses only by default) and checking images
* ``services``  ``product_feed_import`` / ``inventory_feed_import`` -> ``ImportReport``

The management command ``import_products`` and the dashboard upload both call the services.
"""
