"""The judged query set (``bench/judged/*.json``) and the relevance measures computed on it.

A judgment names a product by its shop's slug and its exact title; ``resolve`` turns them into
product ids of the current database and fails loudly when one is missing or ambiguous, so that a
change to the demo catalogue cannot silently shrink the set.

Measures, over the first ``k`` results (k = 10):

* **nDCG@k**: graded gain 2^grade - 1, discounted by log2(rank + 1), divided by the same sum of
  the ideal ranking of the judged products.
* **recall@k**: the share of the relevant products (grade >= ``min_grade``) among the first k,
  out of at most k (so that a query with 16 relevant products can still reach 1.0).
"""

import json
import math
from dataclasses import dataclass
from pathlib import Path

JUDGED_DIR = Path(__file__).resolve().parent.parent / "judged"
DEMO_JUDGED = JUDGED_DIR / "demo-queries.json"
GRADES = (1, 2, 3)
K = 10


@dataclass(frozen=True)
class Judgment:
    shop: str  # vendor slug
    title: str  # exact product title
    grade: int


@dataclass(frozen=True)
class JudgedQuery:
    query: str
    tags: tuple[str, ...]
    note: str
    judgments: tuple[Judgment, ...]


def normalised(query: str) -> str:
    """How two queries are compared for duplicates."""
    return " ".join(query.casefold().split())


def load(path: Path | str = DEMO_JUDGED) -> list[JudgedQuery]:
    """The judged queries of ``path``; raises ValueError naming every problem found."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    problems, queries, seen = [], [], set()
    for number, entry in enumerate(data.get("queries", []), start=1):
        text = entry.get("query", "")
        if not text.strip():
            problems.append(f"query {number} is empty")
            continue
        if normalised(text) in seen:
            problems.append(f"query {text!r} appears twice")
        seen.add(normalised(text))
        judgments, products = [], set()
        for item in entry.get("judgments", []):
            judgment = Judgment(item["shop"], item["title"], item["grade"])
            if judgment.grade not in GRADES:
                problems.append(f"{text!r}: grade {judgment.grade!r} of {judgment.title!r}")
            if (judgment.shop, judgment.title) in products:
                problems.append(f"{text!r}: {judgment.title!r} judged twice")
            products.add((judgment.shop, judgment.title))
            judgments.append(judgment)
        if not any(judgment.grade >= 2 for judgment in judgments):
            problems.append(f"{text!r} has no product of grade 2 or 3")
        queries.append(
            JudgedQuery(text, tuple(entry.get("tags", ())), entry.get("note", ""), tuple(judgments))
        )
    if not queries:
        problems.append("no queries")
    if problems:
        raise ValueError(f"{path}: " + "; ".join(problems))
    return queries


def resolve(queries: list[JudgedQuery]) -> dict[tuple[str, str], int]:
    """(shop slug, title) → product id for every judged product, from the current database.

    Raises LookupError listing each judged product that matches no product or several.
    """
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    wanted = {(j.shop, j.title) for query in queries for j in query.judgments}
    found: dict[tuple[str, str], set[int]] = {}
    rows = Product.objects.filter(title__in={title for _shop, title in wanted}).values_list(
        "id", "title", "stockrecords__partner__vendor__slug"
    )
    for product_id, title, shop in rows:
        if (shop, title) in wanted:
            found.setdefault((shop, title), set()).add(product_id)
    problems = [
        f"{shop}: {title!r} ({'missing' if not found.get((shop, title)) else 'ambiguous'})"
        for shop, title in sorted(wanted)
        if len(found.get((shop, title), ())) != 1
    ]
    if problems:
        raise LookupError(
            f"{len(problems)} judged products do not resolve to exactly one product: "
            + "; ".join(problems)
        )
    return {key: ids.pop() for key, ids in found.items()}


def dcg(gains: list[int]) -> float:
    return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(gains))


def ndcg(ranked: list[int], grades: dict[int, int], k: int = K) -> float:
    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([grades.get(product_id, 0) for product_id in ranked[:k]]) / ideal


def recall(ranked: list[int], grades: dict[int, int], k: int = K, min_grade: int = 2) -> float:
    relevant = {product_id for product_id, grade in grades.items() if grade >= min_grade}
    if not relevant:
        return 0.0
    hits = len(relevant.intersection(ranked[:k]))
    return hits / min(k, len(relevant))
