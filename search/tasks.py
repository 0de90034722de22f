"""Background indexing (django-tasks; ``settings.TASKS``). The task takes no arguments: it
drains the ``PendingUpdate`` outbox, so running it twice or late changes nothing more."""

from django_tasks import task

from search import indexing


@task()
def index_pending_task() -> int:
    return indexing.index_pending()
