"""``make bench-search``: relevance and speed of every search backend, printed and kept as JSON.

Runs through ``tools/testenv run`` so that PostgreSQL (``TEST_DATABASE_URL``) and Elasticsearch
(``ELASTICSEARCH_URL``) are up; a backend whose service is missing is skipped with a reason.

* **relevance**: for the database backend on SQLite and on PostgreSQL and for Elasticsearch
  (core profile), the demo town is built in a fresh database, indexed, and every judged query of
  ``bench/judged/demo-queries.json`` is searched (10 results): nDCG@10, recall@10 and the
  zero-result rate, overall and per tag.
* **scale**: ``bench.catalogue`` generates 100,000 products in 200 shops; each backend rebuilds
  its index from them (time, documents per second) and answers searches of the kind "text, two
  facet filters (a shop and a category or price range), available only, facets counted"
  (p50/p95/p99 after a warm-up with as many other searches of the same kind), then the same
  texts without filters.

Every step runs in a process of its own (``bench.search.run``) with ``config.settings.local`` on
a database of its own: SQLite files in ``var/bench/`` and PostgreSQL databases
``forst_bench_relevance`` and ``forst_bench_scale`` next to the test database; Elasticsearch
indexes ``forst-bench-relevance`` and ``forst-bench-scale``. They are removed afterwards unless
``BENCH_KEEP=1``. The report goes to ``var/bench/search-<time>.json`` (and ``search-latest``).

Environment (or the options of the same name, see ``--help``):
``BENCH_PARTS`` (relevance,scale), ``BENCH_BACKENDS`` (sqlite,postgres,elasticsearch),
``BENCH_PRODUCTS`` (100000), ``BENCH_SHOPS`` (200), ``BENCH_QUERIES`` (500), ``BENCH_WARMUP``
(500: other searches of the same kind, unmeasured), ``BENCH_SCALE_SQLITE`` (1: SQLite in the
scale part too), ``BENCH_JUDGED`` (the judged file), ``BENCH_KEEP`` (0).
"""

import argparse
import contextlib
import hashlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from pathlib import Path

from bench.search.judged import DEMO_JUDGED

BASE_DIR = Path(__file__).resolve().parent.parent.parent
OUT_DIR = BASE_DIR / "var" / "bench"
BACKENDS = ("sqlite", "postgres", "elasticsearch")
LABELS = {
    "sqlite": "database, SQLite FTS5",
    "postgres": "database, PostgreSQL",
    "elasticsearch": "Elasticsearch, core",
}
PG_DATABASE = "forst_bench_{part}"
PG_TEMPLATE = "forst_bench_template"
# Targets of issue 4 at 100k products.
TARGET_P95_MS = {"elasticsearch": 50.0, "postgres": 150.0}
TARGET_REINDEX_S = 120.0


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def _env_flag(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def parse_args(argv=None) -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(
        prog="python -m bench.search", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--parts", default=env("BENCH_PARTS", "relevance,scale"))
    parser.add_argument("--backends", default=env("BENCH_BACKENDS", ",".join(BACKENDS)))
    parser.add_argument("--products", type=int, default=int(env("BENCH_PRODUCTS", "100000")))
    parser.add_argument("--shops", type=int, default=int(env("BENCH_SHOPS", "200")))
    parser.add_argument("--queries", type=int, default=int(env("BENCH_QUERIES", "500")))
    parser.add_argument("--warmup", type=int, default=int(env("BENCH_WARMUP", "500")))
    parser.add_argument(
        "--scale-sqlite",
        type=int,
        choices=(0, 1),
        default=int(_env_flag("BENCH_SCALE_SQLITE", "1")),
        help="also measure the database backend on SQLite at scale",
    )
    parser.add_argument("--judged", default=env("BENCH_JUDGED", str(DEMO_JUDGED)))
    parser.add_argument("--keep", action="store_true", default=_env_flag("BENCH_KEEP", "0"))
    args = parser.parse_args(argv)
    args.parts = [part.strip() for part in args.parts.split(",") if part.strip()]
    args.backends = [name.strip() for name in args.backends.split(",") if name.strip()]
    unknown = set(args.parts) - {"relevance", "scale"} | set(args.backends) - set(BACKENDS)
    if unknown:
        parser.error(f"unknown part or backend: {', '.join(sorted(unknown))}")
    return args


# The machine and the services


def machine() -> dict:
    info = {
        "nproc": os.cpu_count(),
        "cpu": "",
        "ram_gib": None,
        "os": platform.platform(),
        "python": platform.python_version(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["ram_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    with contextlib.suppress(OSError):
        info["load_average"] = [round(value, 2) for value in os.getloadavg()]
    return info


def _http_json(url: str, method: str = "GET", timeout: float = 10.0):
    request = urllib.request.Request(url, method=method)  # noqa: S310 (ELASTICSEARCH_URL)
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return json.loads(response.read() or b"null")


def es_node(url: str) -> dict:
    """Version, heap and the operating system's view of the (local) node's memory."""
    info = {}
    try:
        nodes = _http_json(f"{url}/_nodes/_local/jvm,process")["nodes"]
        node = next(iter(nodes.values()))
        stats = next(iter(_http_json(f"{url}/_nodes/_local/stats/jvm")["nodes"].values()))
        info = {
            "version": node.get("version"),
            "heap_max_mb": round(node["jvm"]["mem"]["heap_max_in_bytes"] / 2**20),
            "heap_used_mb": round(stats["jvm"]["mem"]["heap_used_in_bytes"] / 2**20),
        }
        pid = node.get("process", {}).get("id")
        status = Path(f"/proc/{pid}/status")
        if pid and status.exists():
            for line in status.read_text().splitlines():
                if line.startswith(("VmRSS:", "VmHWM:")):
                    key = "rss_mb" if line.startswith("VmRSS") else "peak_rss_mb"
                    info[key] = round(int(line.split()[1]) / 1024)
    except (OSError, urllib.error.URLError, KeyError, StopIteration, ValueError) as error:
        info["error"] = str(error)
    return info


def es_drop(url: str, alias: str) -> None:
    """Delete the indexes behind ``alias`` (or the index of that name)."""
    try:
        try:
            names = list(_http_json(f"{url}/_alias/{alias}"))
        except urllib.error.HTTPError as error:
            if error.code != 404:
                raise
            names = [alias]
        for name in names:
            try:
                _http_json(f"{url}/{urllib.parse.quote(name)}", method="DELETE")
            except urllib.error.HTTPError as error:
                if error.code != 404:
                    raise
    except (OSError, urllib.error.URLError) as error:
        log(f"could not delete the Elasticsearch index {alias}: {error}")


def pg_url(base: str, database: str) -> str:
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{database}"))


def _pg_connect(base: str):
    import psycopg

    parts = urllib.parse.urlsplit(base)
    return psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=urllib.parse.unquote(parts.username or ""),
        password=urllib.parse.unquote(parts.password or "") or None,
        dbname=parts.path.lstrip("/") or "postgres",
        autocommit=True,
    )


def pg_comment(base: str, database: str, comment: str | None = None) -> str:
    """Read (or set) the comment of a database: the migrations key of a kept template."""
    with _pg_connect(base) as connection:
        if comment is not None:
            connection.execute(f"COMMENT ON DATABASE \"{database}\" IS '{comment}'")
            return comment
        row = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [database],
        ).fetchone()
        return (row[0] or "") if row else ""


def pg_recreate(base: str, database: str, *, drop_only: bool = False, template: str = "") -> None:
    with _pg_connect(base) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        if not drop_only:
            copy = f' TEMPLATE "{template}"' if template else ""
            connection.execute(f'CREATE DATABASE "{database}"{copy}')


def sqlite_path(part: str) -> Path:
    return OUT_DIR / f"{part}.sqlite3"


def migrations_key() -> str:
    """Changes whenever a migration or a dependency does (names the cached SQLite template)."""
    digest = hashlib.sha256()
    for path in sorted(
        [*BASE_DIR.glob("*/migrations/*.py"), *BASE_DIR.glob("*/*/migrations/*.py")]
    ):
        digest.update(str(path.relative_to(BASE_DIR)).encode())
        digest.update(path.read_bytes())
    lock = BASE_DIR / "uv.lock"
    if lock.exists():
        digest.update(lock.read_bytes())
    return digest.hexdigest()[:12]


def sqlite_remove(part: str) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{sqlite_path(part)}{suffix}").unlink(missing_ok=True)


class Runner:
    """Runs the steps, each in a child process, and collects their figures."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.steps_dir = OUT_DIR / "steps"
        self.pg_base = os.environ.get("TEST_DATABASE_URL", "")
        self.es_url = os.environ.get("ELASTICSEARCH_URL", "").rstrip("/")
        self.failures: list[str] = []
        self.steps: list[dict] = []
        self.created_pg: set[str] = set()
        self.created_es: set[str] = set()
        self.templates: dict[str, bool] = {}
        self.sqlite_template: Path | None = None

    def unavailable(self, backend: str) -> str:
        """Why a backend cannot be measured here ("" when it can)."""
        if backend == "postgres":
            if not self.pg_base:
                return "TEST_DATABASE_URL is unset (run through tools/testenv)"
            if not self.pg_base.startswith(("postgres://", "postgresql://")):
                return "TEST_DATABASE_URL is not a PostgreSQL URL"
        if backend == "elasticsearch":
            if not self.es_url:
                return "ELASTICSEARCH_URL is unset (run through tools/testenv)"
            if (
                not (BASE_DIR / "search" / "backends" / "elasticsearch.py").exists()
                and not (BASE_DIR / "search" / "backends" / "elasticsearch").is_dir()
            ):
                return "search.backends.elasticsearch does not exist yet"
        return ""

    def database_url(self, part: str, database: str) -> str:
        if database == "postgres":
            return pg_url(self.pg_base, PG_DATABASE.format(part=part))
        return f"sqlite:///{sqlite_path(part)}"

    def template(self, database: str) -> bool:
        """A migrated database to copy: a SQLite file kept in var/bench/ while the migrations
        stay the same, a PostgreSQL template database made once per run."""
        if database in self.templates:
            return self.templates[database]
        if database == "postgres":
            key = f"forst-bench {migrations_key()}"
            self.created_pg.add(PG_TEMPLATE)
            ok = pg_comment(self.pg_base, PG_TEMPLATE) == key  # kept by BENCH_KEEP=1
            if not ok:
                pg_recreate(self.pg_base, PG_TEMPLATE)
                url = pg_url(self.pg_base, PG_TEMPLATE)
                ok = self.child("migrate-postgres", {"step": "migrate"}, url) is not None
                if ok:
                    pg_comment(self.pg_base, PG_TEMPLATE, key)
        else:
            path = OUT_DIR / f"template-{migrations_key()}.sqlite3"
            ok = path.exists()
            if not ok:
                for old in OUT_DIR.glob("template-*.sqlite3*"):
                    old.unlink()
                partial = path.with_suffix(".partial")
                partial.unlink(missing_ok=True)
                ok = self.child("migrate-sqlite", {"step": "migrate"}, f"sqlite:///{partial}")
                ok = ok is not None
                if ok:
                    partial.replace(path)
            self.sqlite_template = path
        self.templates[database] = ok
        return ok

    def prepare(self, part: str, database: str) -> bool:
        """A fresh, migrated database for ``part``."""
        if not self.template(database):
            return False
        if database == "postgres":
            name = PG_DATABASE.format(part=part)
            pg_recreate(self.pg_base, name, template=PG_TEMPLATE)
            self.created_pg.add(name)
        else:
            sqlite_remove(part)
            shutil.copyfile(self.sqlite_template, sqlite_path(part))
        return True

    def child(self, name: str, task: dict, database_url: str) -> dict | None:
        out = self.steps_dir / f"{name}.json"
        out.unlink(missing_ok=True)
        task = {**task, "out": str(out)}
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": database_url,
            "DJANGO_DEBUG": "false",
            "DJANGO_MEDIA_ROOT": str(OUT_DIR / "media"),
            "LOG_LEVEL": "WARNING",
            # The settings must not add Elasticsearch to the backends the signals index into.
            "SEARCH_ELASTICSEARCH_URL": "",
            "PYTHONUNBUFFERED": "1",
        }
        log(f"{name} ...")
        started = time.monotonic()
        completed = subprocess.run(  # noqa: S603 (our own module)
            [sys.executable, "-m", "bench.search.run", json.dumps(task)],
            env=env,
            cwd=BASE_DIR,
            check=False,
        )
        seconds = time.monotonic() - started
        step = {"name": name, "seconds": round(seconds, 1), "exit": completed.returncode}
        self.steps.append(step)
        if completed.returncode or not out.exists():
            self.failures.append(f"{name} failed (exit status {completed.returncode})")
            log(f"{name} FAILED after {seconds:.1f} s")
            return None
        result = json.loads(out.read_text(encoding="utf-8"))
        step["peak_rss_mb"] = round(result.get("peak_rss_mb", 0))
        log(f"{name} done in {seconds:.1f} s")
        return result

    # Parts

    def relevance(self, backends: list[str]) -> dict:
        report = {"judged": self.args.judged, "backends": {}}
        databases = {"sqlite": "sqlite", "postgres": "postgres", "elasticsearch": "sqlite"}
        built: dict[str, dict | None] = {}
        for backend in backends:
            database = databases[backend]
            if database not in built:
                built[database] = self.prepare("relevance", database) and self.child(
                    f"relevance-demo-{database}",
                    {"step": "demo"},
                    self.database_url("relevance", database),
                )
            if not built[database]:
                continue
            if backend == "elasticsearch":
                self.created_es.add("forst-bench-relevance")
            result = self.child(
                f"relevance-{backend}",
                {"step": "relevance", "backend": backend, "judged": self.args.judged},
                self.database_url("relevance", database),
            )
            if result is not None:
                result["demo"] = built[database]
                report["backends"][backend] = result
        return report

    def scale(self, backends: list[str]) -> dict:
        report = {"products": self.args.products, "shops": self.args.shops, "backends": {}}
        pg_ok = not self.unavailable("postgres")
        databases = {
            "sqlite": "sqlite",
            "postgres": "postgres",
            "elasticsearch": "postgres" if pg_ok else "sqlite",
        }
        generated: dict[str, dict | None] = {}
        for backend in backends:
            database = databases[backend]
            if database not in generated:
                generated[database] = self.prepare("scale", database) and self.child(
                    f"scale-generate-{database}",
                    {"step": "generate", "products": self.args.products, "shops": self.args.shops},
                    self.database_url("scale", database),
                )
                report.setdefault("generated", {})[database] = generated[database]
            if not generated[database]:
                continue
            task = {
                "step": "scale",
                "backend": backend,
                "queries": self.args.queries,
                "warmup": self.args.warmup,
            }
            if backend == "elasticsearch":
                self.created_es.add("forst-bench-scale")
                before = es_node(self.es_url)
            result = self.child(f"scale-{backend}", task, self.database_url("scale", database))
            if result is not None:
                if backend == "elasticsearch":
                    result["node_before"], result["node_after"] = before, es_node(self.es_url)
                report["backends"][backend] = result
        return report

    def cleanup(self) -> None:
        if self.args.keep:
            log("BENCH_KEEP: databases and indexes kept")
            return
        for name in sorted(self.created_pg):
            try:
                pg_recreate(self.pg_base, name, drop_only=True)
            except Exception as error:  # noqa: BLE001 (report and go on)
                log(f"could not drop the database {name}: {error}")
        for alias in sorted(self.created_es):
            es_drop(self.es_url, alias)
            es_drop(self.es_url, f"{alias}-next")  # left by an interrupted rebuild
        for part in ("relevance", "scale"):
            sqlite_remove(part)
        shutil.rmtree(OUT_DIR / "media", ignore_errors=True)


# Printing


def _table(header: list[str], rows: list[list]) -> str:
    cells = [[str(cell) for cell in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for number, row in enumerate(cells):
        lines.append(
            "  ".join(
                cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                for i, cell in enumerate(row)
            )
        )
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def summarise_relevance(report: dict) -> dict:
    """Aggregates per backend (added to the report) and per tag."""
    for result in report["backends"].values():
        queries = result["queries"]
        result["summary"] = {
            "queries": len(queries),
            "ndcg@10": _mean(q["ndcg"] for q in queries),
            "recall@10": _mean(q["recall"] for q in queries),
            "recall@10_any": _mean(q["recall_any"] for q in queries),
            "zero_result_rate": _mean(1.0 if q["count"] == 0 else 0.0 for q in queries),
            "corrected": sum(1 for q in queries if q["corrected"]),
            "mean_ms": _mean(q["ms"] for q in queries),
        }
        tags: dict[str, list[float]] = {}
        for query in queries:
            for tag in query["tags"]:
                tags.setdefault(tag, []).append(query["ndcg"])
        result["per_tag"] = {tag: {"n": len(v), "ndcg@10": _mean(v)} for tag, v in tags.items()}
    return report


def print_relevance(report: dict, out) -> None:
    backends = report["backends"]
    if not backends:
        return
    any_result = next(iter(backends.values()))
    demo = any_result.get("demo") or {}
    print(
        f"\nRelevance: {any_result['summary']['queries']} judged queries on the demo catalogue "
        f"({demo.get('products', '?')} products, {demo.get('shops', '?')} shops); "
        "recall@10 counts grade >= 2 (>= 1 in the next column) out of at most 10.",
        file=out,
    )
    rows = []
    for backend, result in backends.items():
        summary = result["summary"]
        rows.append(
            [
                LABELS[backend],
                f"{summary['ndcg@10']:.3f}",
                f"{summary['recall@10']:.3f}",
                f"{summary['recall@10_any']:.3f}",
                f"{100 * summary['zero_result_rate']:.1f} %",
                summary["corrected"],
                f"{summary['mean_ms']:.1f}",
                f"{result['rebuild']['seconds']:.1f}",
            ]
        )
    header = ["backend", "nDCG@10", "recall@10", "recall(>=1)", "zero-result", "corrected"]
    print(_table([*header, "ms/query", "index s"], rows), file=out)
    tags = sorted({tag for result in backends.values() for tag in result["per_tag"]})
    rows = []
    for tag in tags:
        first = next(r["per_tag"][tag] for r in backends.values() if tag in r["per_tag"])
        rows.append(
            [tag, first["n"]]
            + [
                f"{result['per_tag'][tag]['ndcg@10']:.3f}" if tag in result["per_tag"] else "-"
                for result in backends.values()
            ]
        )
    print("\nnDCG@10 per tag:", file=out)
    print(_table(["tag", "queries", *(LABELS[b] for b in backends)], rows), file=out)
    print(
        "\nWeakest queries (nDCG@10 below 0.5): the first results [grade] | relevant ones "
        "(grade >= 2) not among the first 10:",
        file=out,
    )
    for backend, result in backends.items():
        weak = sorted((q for q in result["queries"] if q["ndcg"] < 0.5), key=lambda q: q["ndcg"])
        print(f"  {LABELS[backend]}: {len(weak)}", file=out)
        for query in weak[:12]:
            top = "; ".join(f"{title} [{grade}]" for title, grade in query["top"][:3]) or "-"
            missed = "; ".join(query["missed"][:2]) or "-"
            print(
                f"    {query['ndcg']:.2f} {query['query']!r} ({query['count']} found): {top}"
                f" | missed: {missed}{' …' if len(query['missed']) > 2 else ''}",
                file=out,
            )


def print_scale(report: dict, out) -> None:
    backends = report["backends"]
    generated = report.get("generated", {})
    if not backends and not generated:
        return
    made = ", ".join(
        f"{result['seconds']['generate']:.1f} s on {name}"
        for name, result in generated.items()
        if result
    )
    print(
        f"\nScale: {report['products']:,} products in {report['shops']} shops (generated in "
        f"{made or '-'}); searches: text + shop + category or price range + available only, "
        "facets counted; then the same texts alone.",
        file=out,
    )
    rows = []
    for backend, result in backends.items():
        rebuild, faceted, text_only = result["rebuild"], result["faceted"], result["text_only"]
        targets = []
        if backend in TARGET_P95_MS:
            ok = faceted["p95"] <= TARGET_P95_MS[backend]
            targets.append(f"p95<={TARGET_P95_MS[backend]:.0f}ms {'ok' if ok else 'MISSED'}")
        if backend == "elasticsearch":
            ok = rebuild["seconds"] <= TARGET_REINDEX_S
            targets.append(f"reindex<={TARGET_REINDEX_S:.0f}s {'ok' if ok else 'MISSED'}")
        rows.append(
            [
                LABELS[backend],
                f"{rebuild['seconds']:.1f}",
                f"{rebuild['documents_seconds']:.1f}",
                f"{rebuild['docs_per_second']:.0f}",
                f"{faceted['p50']:.1f}/{faceted['p95']:.1f}/{faceted['p99']:.1f}",
                f"{text_only['p50']:.1f}/{text_only['p95']:.1f}/{text_only['p99']:.1f}",
                f"{faceted['zero_results']}/{faceted['queries']}",
                f"{result['peak_rss_mb']:.0f}",
                "; ".join(targets) or "-",
            ]
        )
    header = ["backend", "rebuild s", "of it docs s", "docs/s", "faceted p50/95/99 ms"]
    header += ["text p50/95/99 ms", "empty", "peak RSS MB", "targets"]
    print(_table(header, rows), file=out)
    if report["products"] < 100_000:
        print(
            f"(The targets are for 100,000 products; this run had {report['products']:,}.)",
            file=out,
        )
    node = backends.get("elasticsearch", {}).get("node_after")
    if node:
        print(
            f"Elasticsearch node: {node.get('version', '?')}, heap {node.get('heap_used_mb')}"
            f"/{node.get('heap_max_mb')} MB used, RSS {node.get('rss_mb', '?')} MB "
            f"(peak {node.get('peak_rss_mb', '?')} MB).",
            file=out,
        )


def print_machine(info: dict, services: dict, out) -> None:
    print(
        f"Machine: {info['cpu'] or 'unknown CPU'}, {info['nproc']} CPUs, "
        f"{info['ram_gib']} GiB RAM, {info['os']}, Python {info['python']}, "
        f"load {info.get('load_average')}",
        file=out,
    )
    for name, reason in services.items():
        print(f"  {LABELS[name]}: {'measured' if not reason else 'skipped: ' + reason}", file=out)


def print_steps(steps: list[dict], total: float, out) -> None:
    print("\nSteps (wall time, peak RSS of the step's process):", file=out)
    for step in steps:
        rss = f", {step['peak_rss_mb']} MB" if "peak_rss_mb" in step else ""
        status = "" if step["exit"] == 0 else f"  FAILED (exit {step['exit']})"
        print(f"  {step['name']:<28} {step['seconds']:>7.1f} s{rss}{status}", file=out)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"  {'total':<28} {total:>7.1f} s (largest child {children:.0f} MB)", file=out)


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    runner = Runner(args)
    runner.steps_dir.mkdir(parents=True, exist_ok=True)
    services = {backend: runner.unavailable(backend) for backend in args.backends}
    measured = [backend for backend in args.backends if not services[backend]]
    info = machine()
    print_machine(info, services, sys.stdout)
    report = {
        "started": datetime.now().isoformat(timespec="seconds"),
        "machine": info,
        "skipped": {name: reason for name, reason in services.items() if reason},
    }
    try:
        if "relevance" in args.parts:
            report["relevance"] = summarise_relevance(runner.relevance(measured))
        if "scale" in args.parts:
            scale_backends = [b for b in measured if b != "sqlite" or args.scale_sqlite]
            report["scale"] = runner.scale(scale_backends)
    finally:
        runner.cleanup()
    total = time.monotonic() - started
    report["steps"], report["total_seconds"], report["failures"] = (
        runner.steps,
        total,
        runner.failures,
    )
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    text_path = OUT_DIR / f"search-{stamp}.txt"
    with text_path.open("w", encoding="utf-8") as text_out:
        for out in (sys.stdout, text_out):
            if out is text_out:
                print_machine(info, services, out)
            if "relevance" in report:
                print_relevance(report["relevance"], out)
            if "scale" in report:
                print_scale(report["scale"], out)
            print_steps(runner.steps, total, out)
            for failure in runner.failures:
                print(f"FAILED: {failure}", file=out)
    json_path = OUT_DIR / f"search-{stamp}.json"
    json_path.write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    shutil.copyfile(json_path, OUT_DIR / "search-latest.json")
    shutil.copyfile(text_path, OUT_DIR / "search-latest.txt")
    print(f"\nReport: {json_path.relative_to(BASE_DIR)} (and {text_path.name})")
    return 1 if runner.failures else 0


if __name__ == "__main__":
    sys.exit(main())
