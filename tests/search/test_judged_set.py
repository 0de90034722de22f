"""The judged queries of the relevance benchmark (bench/judged/demo-queries.json) fit the demo
catalogue: every judged product is exactly one product of the demo town, grades are 1 to 3, and
no query or judgment appears twice. ``make bench-search`` fails the same way at run time; this
catches a change of the demo catalogue in the normal suite."""

import json
from collections import Counter

import pytest

from bench.search import judged
from vendors.demo.town import demo_town_create


def test_the_judged_file_is_well_formed():
    data = json.loads(judged.DEMO_JUDGED.read_text(encoding="utf-8"))
    assert data["README"]
    queries = [entry["query"] for entry in data["queries"]]
    duplicates = [q for q, n in Counter(judged.normalised(q) for q in queries).items() if n > 1]
    assert duplicates == []
    assert 50 <= len(queries) <= 150
    for entry in data["queries"]:
        grades = [item["grade"] for item in entry["judgments"]]
        assert set(grades) <= {1, 2, 3}, entry["query"]
        assert max(grades) >= 2, f"{entry['query']!r} has nothing clearly relevant"
        products = [(item["shop"], item["title"]) for item in entry["judgments"]]
        assert len(products) == len(set(products)), f"{entry['query']!r} judges a product twice"
        assert entry["tags"], entry["query"]
    judged.load()  # the loader's own checks agree


@pytest.mark.django_db
def test_every_judged_product_is_exactly_one_product_of_the_demo_town():
    queries = judged.load()
    demo_town_create(password="judged-set-test")
    ids = judged.resolve(queries)  # raises LookupError naming every missing or ambiguous one
    wanted = {(j.shop, j.title) for query in queries for j in query.judgments}
    assert set(ids) == wanted
    assert len(set(ids.values())) == len(wanted)


def test_the_measures():
    grades = {1: 3, 2: 2, 3: 1}
    assert judged.ndcg([1, 2, 3], grades) == pytest.approx(1.0)
    assert judged.ndcg([3, 2, 1], grades) < judged.ndcg([1, 3, 2], grades) < 1.0
    assert judged.ndcg([9, 8], grades) == 0.0
    assert judged.recall([2, 9, 1], grades, min_grade=2) == 1.0
    assert judged.recall([3, 9], grades, min_grade=2) == 0.0
    assert judged.recall([3, 9], grades, min_grade=1) == pytest.approx(1 / 3)
    many = {pk: 3 for pk in range(1, 17)}  # more relevant products than results
    assert judged.recall(list(range(1, 11)), many) == 1.0
