"""Product search (search.backends): the database's full-text search by default; Elasticsearch
when SEARCH_ELASTICSEARCH_URL is set, with the database answering whenever it cannot."""

from .env import env

SEARCH_BACKENDS = {
    "database": {"BACKEND": "search.backends.database.DatabaseBackend"},
}
SEARCH_BACKEND = "database"

_ELASTICSEARCH_URL = env.str("SEARCH_ELASTICSEARCH_URL", default="")
if _ELASTICSEARCH_URL:
    SEARCH_BACKENDS["elasticsearch"] = {
        "BACKEND": "search.backends.elasticsearch.ElasticsearchBackend",
        "URL": _ELASTICSEARCH_URL,
        # The alias searches read; a rebuild fills a new index behind it and swaps.
        "INDEX": env.str("SEARCH_ELASTICSEARCH_INDEX", default="forst-products"),
        # Seconds before a search gives up on Elasticsearch and the database answers.
        "TIMEOUT": env.float("SEARCH_ELASTICSEARCH_TIMEOUT", default=1.0),
        # "production" needs the full distribution (analysis-common); "core" runs anywhere.
        "PROFILE": env.str("SEARCH_ELASTICSEARCH_PROFILE", default="production"),
        "FALLBACK": "database",
        # A failing Elasticsearch is logged at most once per this many seconds.
        "WARN_INTERVAL": env.float("SEARCH_WARN_INTERVAL", default=60.0),
    }
    SEARCH_BACKEND = "elasticsearch"
