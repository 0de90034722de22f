"""Benchmarks (not tests): ``make bench-search`` runs ``python -m bench.search``.

``bench.catalogue`` generates a large synthetic catalogue (the demo town's category tree, German
titles per trade); ``bench.search`` measures relevance on the demo catalogue with the judged
queries in ``bench/judged/`` and speed at scale, for every search backend.
"""
