"""Development and demo (`make run`): SQLite, database search, console e-mail, no services."""

from .base import *  # noqa: F403
from .env import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="insecure-local-development-key-not-for-production")
