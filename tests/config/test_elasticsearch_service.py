"""The Elasticsearch node of tools/testenv (ELASTICSEARCH_URL), checked with the real client.

The search code relies on what this checks: the cluster comes up green or yellow, and an index
can use an analyzer with the hunspell token filter (locale de_DE, the dictionary tools/testenv
installs into the node's config/hunspell) next to ``lowercase`` and a ``_german_`` stop filter.
"""

import os
import uuid

import pytest

pytestmark = pytest.mark.elasticsearch

ANALYSIS = {
    "filter": {
        "german_stop": {"type": "stop", "stopwords": "_german_"},
        "german_hunspell": {"type": "hunspell", "locale": "de_DE"},
    },
    "analyzer": {
        "german_hunspell": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "german_stop", "german_hunspell"],
        }
    },
}


@pytest.fixture
def es():
    from elasticsearch import Elasticsearch

    client = Elasticsearch(os.environ["ELASTICSEARCH_URL"], request_timeout=30)
    yield client
    client.close()


@pytest.fixture
def index(es):
    name = f"test-service-{uuid.uuid4().hex[:12]}"
    es.indices.create(
        index=name,
        settings={"number_of_shards": 1, "number_of_replicas": 0, "analysis": ANALYSIS},
    )
    yield name
    es.indices.delete(index=name, ignore_unavailable=True)


def test_cluster_is_green_or_yellow(es):
    health = es.cluster.health(wait_for_status="yellow", timeout="10s")
    assert health["status"] in {"green", "yellow"}, health


def test_hunspell_de_de_analyzer(es, index):
    tokens = {}
    for text in ("Fahrradschlösser", "Leinöl", "Kinderhelme"):
        result = es.indices.analyze(index=index, analyzer="german_hunspell", text=text)
        tokens[text] = [t["token"] for t in result["tokens"]]
        print(f"_analyze {text!r} -> {tokens[text]}")
    assert tokens["Fahrradschlösser"], tokens
    # The stop filter drops German function words.
    result = es.indices.analyze(index=index, analyzer="german_hunspell", text="und die")
    assert result["tokens"] == []
