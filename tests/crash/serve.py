"""The app server process of the crash test: ``python -m tests.crash.serve <port>``.

Django's own threaded WSGI server (what ``runserver`` runs: a thread and a fresh database
connection per request) serving the project's WSGI application, started in two steps so that a
restart after a SIGKILL does not wait for the imports of a cold start: the process first loads
the settings (from the environment), the apps, the URLconf and the checkout's templates, then
waits for one line on stdin, and only then binds the port and serves. ``AppServer`` keeps one
such process loaded in reserve while another serves.

The process ends when its stdin does (the test process closes it, or died): no server outlives
the test. The test settings log nothing; here warnings and errors (with their tracebacks) go to
stderr, so that a failing run can be read in the server log.
"""

import logging
import os
import sys
import threading


def main() -> None:
    port = int(sys.argv[1])
    import django

    django.setup()
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application
    from django.template.loader import get_template
    from django.urls import get_resolver

    application = get_wsgi_application()
    get_resolver().url_patterns  # noqa: B018 - import every view module now
    for name in ("oscar/catalogue/detail.html", "oscar/checkout/preview.html"):
        get_template(name)
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)

    if not sys.stdin.readline():  # the test went away before it needed this process
        return
    threading.Thread(target=_exit_with_the_test, daemon=True).start()
    run("127.0.0.1", port, application, threading=True)


def _exit_with_the_test() -> None:
    """Stdin ends when the test process does (however it ended): so does this server."""
    while sys.stdin.readline():
        pass
    os._exit(0)


if __name__ == "__main__":
    main()
