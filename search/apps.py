import oscar.apps.search.apps as apps


class SearchConfig(apps.SearchConfig):
    name = "search"

    def ready(self):
        super().ready()
        from search import signals

        signals.connect()
