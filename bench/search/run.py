"""One step of the search benchmark, in a process of its own (started by ``bench.search``).

    python -m bench.search.run '{"step": "demo", "out": "var/bench/x.json", ...}'

The database is the one of ``DATABASE_URL`` (the parent sets the environment, settings
``config.settings.local``). Steps:

* ``migrate``: apply the migrations (to a template the other steps' databases are copied from).
* ``demo``: migrate and build the demo town (``vendors.demo.town.demo_town_create``).
* ``generate``: migrate and generate the large catalogue (``bench.catalogue``).
* ``relevance``: index the demo catalogue into one backend and run the judged queries.
* ``scale``: index the large catalogue into one backend, then measure search latency.

Each step writes its figures as JSON to ``out``, including the peak memory of its process.
"""

import json
import os
import random
import resource
import secrets
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ES_INDEX = {"relevance": "forst-bench-relevance", "scale": "forst-bench-scale"}
ES_TIMEOUT = 5.0


def _log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def peak_rss_mb() -> float:
    """Peak resident memory of this process (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_backend(kind: str, part: str):
    if kind == "elasticsearch":
        from search.backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(
            "elasticsearch",
            {
                "URL": os.environ["ELASTICSEARCH_URL"],
                "INDEX": ES_INDEX[part],
                "TIMEOUT": ES_TIMEOUT,
                "PROFILE": "core",
            },
        )
    from search.backends.database import DatabaseBackend

    return DatabaseBackend("database", {})


def _database_info() -> dict:
    from django.db import connection

    info = {"vendor": connection.vendor}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            info["version"] = cursor.fetchone()[0]
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            info["version"] = cursor.fetchone()[0]
    return info


def _migrate() -> float:
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    return time.monotonic() - started


class TimedBatches:
    """Wraps ``document_batches()`` and keeps the time spent building documents, so that a
    rebuild's time splits into reading the catalogue and writing the index."""

    def __init__(self, batches):
        self.batches = iter(batches)
        self.seconds = 0.0
        self.documents = 0

    def __iter__(self):
        return self

    def __next__(self):
        started = time.perf_counter()
        try:
            batch = next(self.batches)
        finally:
            self.seconds += time.perf_counter() - started
        self.documents += len(batch)
        return batch


def _rebuild(backend) -> dict:
    from search.documents import document_batches

    batches = TimedBatches(document_batches())
    started = time.perf_counter()
    indexed = backend.rebuild(batches)
    backend.refresh()
    seconds = time.perf_counter() - started
    return {
        "documents": indexed,
        "count": backend.count(),
        "seconds": seconds,
        "documents_seconds": batches.seconds,
        "docs_per_second": indexed / seconds if seconds else None,
    }


# Steps


def step_migrate(task: dict) -> dict:
    return {"database": _database_info(), "seconds": {"migrate": _migrate()}}


def step_demo(task: dict) -> dict:
    from vendors.demo.town import demo_town_create

    result = {"database": _database_info(), "seconds": {"migrate": _migrate()}}
    started = time.monotonic()
    town = demo_town_create(password=secrets.token_urlsafe(12))
    result["seconds"]["demo_town"] = time.monotonic() - started
    result["shops"], result["products"] = len(town.shops), town.products
    return result


def step_generate(task: dict) -> dict:
    from bench.catalogue import generate

    result = {"database": _database_info(), "seconds": {"migrate": _migrate()}}
    started = time.monotonic()
    generated = generate(
        products=task["products"], shops=task["shops"], log=lambda line: _log(line.strip())
    )
    result["seconds"]["generate"] = time.monotonic() - started
    result["seconds"].update({f"generate_{k}": v for k, v in generated.seconds.items()})
    result["shops"], result["products"] = generated.shops, generated.products
    return result


def step_relevance(task: dict) -> dict:
    from bench.search import judged
    from search.backends.base import SearchQuery

    queries = judged.load(task["judged"])
    ids = judged.resolve(queries)
    backend = make_backend(task["backend"], "relevance")
    result = {"database": _database_info(), "rebuild": _rebuild(backend), "queries": []}
    titles = _titles()
    for query in queries:
        grades = {ids[(j.shop, j.title)]: j.grade for j in query.judgments}
        started = time.perf_counter()
        found = backend.search(SearchQuery(text=query.query, page_size=judged.K))
        seconds = time.perf_counter() - started
        result["queries"].append(
            {
                "query": query.query,
                "tags": list(query.tags),
                "ndcg": judged.ndcg(found.ids, grades),
                "recall": judged.recall(found.ids, grades, min_grade=2),
                "recall_any": judged.recall(found.ids, grades, min_grade=1),
                "count": found.count,
                "corrected": found.corrected,
                "suggestion": found.suggestion,
                "ms": seconds * 1000,
                "top": [
                    [titles.get(pk, str(pk)), grades.get(pk, 0)] for pk in found.ids[: judged.K]
                ],
                "missed": [
                    titles[pk]
                    for pk, grade in sorted(grades.items(), key=lambda item: -item[1])
                    if grade >= 2 and pk not in found.ids[: judged.K]
                ],
            }
        )
    return result


def _titles() -> dict[int, str]:
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    return dict(Product.objects.values_list("id", "title"))


WARMUP_SEED = 9


def workload(count: int, seed: int = 8) -> list[dict]:
    """``count`` searches of the kind a resident makes after two facet clicks: a word of the
    catalogue's vocabulary (some with a typo, some with a second word) with a shop and either a
    top-level category or a price range, only available products; derived from products picked
    at random, so that each search has results."""
    from oscar.core.loading import get_model

    from bench.catalogue import ORIGINS, typo, vocabulary

    Product = get_model("catalogue", "Product")
    rng = random.Random(seed)  # noqa: S311 (a reproducible sample)
    words = sorted(vocabulary(), key=len, reverse=True)
    ids = list(Product.objects.order_by("id").values_list("id", flat=True))
    picked = sorted(rng.sample(ids, k=min(count, len(ids))))
    rows = (
        Product.objects.filter(id__in=picked)
        .values_list(
            "id",
            "title",
            "stockrecords__partner__vendor__id",
            "stockrecords__price",
            "categories__path",
        )
        .order_by("id")
    )
    top_level = _top_level_categories()
    searches = []
    for _pk, title, vendor_id, price, path in rows:
        lowered = title.lower()
        word = next((w for w in words if w in lowered), lowered.split()[0])
        if "-" in word and rng.random() < 0.5:
            word = word.replace("-", " ")  # "damen stiefeletten" as often as "damen-stiefeletten"
        roll = rng.random()
        if roll < 0.1:
            word = typo(word, rng)
        elif roll < 0.2:
            origin = next((o for o in ORIGINS if o.lower() in lowered), None)
            extra = [part for part in lowered.replace(",", " ").split() if part not in word]
            if origin:
                word = f"{origin.lower()} {word}"
            elif extra:
                word = f"{word} {rng.choice(extra)}"
        search = {"text": word, "vendors": [vendor_id], "available": True}
        if rng.random() < 0.6 and path:
            search["category"] = top_level[path[:_STEPLEN]]
        elif price is not None:
            low, high = _bucket(price)
            search["min_price"], search["max_price"] = low, high
        searches.append(search)
    rng.shuffle(searches)
    return searches


_STEPLEN = 4  # treebeard's path step of Oscar's categories (checked below)


def _top_level_categories() -> dict[str, int]:
    from oscar.core.loading import get_model

    Category = get_model("catalogue", "Category")
    assert Category.steplen == _STEPLEN
    return {path: pk for pk, path in Category.objects.filter(depth=1).values_list("id", "path")}


def _bucket(price: Decimal) -> tuple[str | None, str | None]:
    from search.backends.base import PRICE_BUCKETS

    for _key, low, high in PRICE_BUCKETS:
        if (low is None or price >= low) and (high is None or price < high):
            return (
                str(low) if low is not None else None,
                str(high - Decimal("0.01")) if high is not None else None,
            )
    return None, None


def _search_query(search: dict, *, facet_filters: bool = True):
    from search.backends.base import SearchQuery

    if not facet_filters:
        return SearchQuery(text=search["text"], facets=True)
    return SearchQuery(
        text=search["text"],
        vendors=tuple(search["vendors"]),
        category=search.get("category"),
        min_price=Decimal(search["min_price"]) if search.get("min_price") else None,
        max_price=Decimal(search["max_price"]) if search.get("max_price") else None,
        available=search["available"],
        facets=True,
    )


def _latencies(backend, searches: list[dict], warmup: int, *, facet_filters: bool) -> dict:
    # Warm-up with other searches of the same kind (another seed): the JVM, the database's and
    # the OS caches get to a steady state, but no measured search was asked before.
    for search in workload(warmup, seed=WARMUP_SEED):
        backend.search(_search_query(search, facet_filters=facet_filters))
    timings, empty, total = [], 0, 0
    for search in searches:
        query = _search_query(search, facet_filters=facet_filters)
        started = time.perf_counter()
        found = backend.search(query)
        timings.append((time.perf_counter() - started) * 1000)
        empty += not found.count
        total += found.count
    timings.sort()

    def pct(p: float) -> float:
        return timings[min(len(timings) - 1, round(p / 100 * (len(timings) - 1)))]

    return {
        "queries": len(timings),
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "mean": statistics.fmean(timings),
        "max": timings[-1],
        "zero_results": empty,
        "mean_count": total / len(timings),
    }


def step_scale(task: dict) -> dict:
    backend = make_backend(task["backend"], "scale")
    result = {"database": _database_info(), "rebuild": _rebuild(backend)}
    _log(
        f"{task['backend']}: {result['rebuild']['documents']} documents indexed in "
        f"{result['rebuild']['seconds']:.1f} s"
    )
    searches = workload(task["queries"])
    result["faceted"] = _latencies(backend, searches, task["warmup"], facet_filters=True)
    result["text_only"] = _latencies(backend, searches, task["warmup"], facet_filters=False)
    result["example"] = searches[:3]
    return result


STEPS = {
    "migrate": step_migrate,
    "demo": step_demo,
    "generate": step_generate,
    "relevance": step_relevance,
    "scale": step_scale,
}


def main() -> None:
    task = json.loads(sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    started = time.monotonic()
    result = STEPS[task["step"]](task)
    result["wall_seconds"] = time.monotonic() - started
    result["peak_rss_mb"] = peak_rss_mb()
    Path(task["out"]).write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
