"""The one place where settings read the environment.

Every other settings module imports ``env`` (and ``BASE_DIR``) from here. A ``.env`` file at the
project root is read if present (see ``.env.example``); real environment variables win over it.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
