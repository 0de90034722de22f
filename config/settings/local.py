"""Development and demo (`make run`): SQLite, database search, console e-mail, no services."""

from .base import *  # noqa: F403
from .env import BASE_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY", default="insecure-local-development-key-not-for-production"
)

# The demo town (`manage.py demo_town`, run by `make run`).
DEMO_ALLOWED = True
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="")
DEMO_CREDENTIALS_FILE = BASE_DIR / "var" / "demo-credentials.txt"
