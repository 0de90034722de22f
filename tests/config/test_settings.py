"""Settings are chosen by environment variables; production refuses to start without secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-for-the-settings-test-0123456789",
    "DJANGO_ALLOWED_HOSTS": "marktplatz.forst.example",
    "DATABASE_URL": "postgres://forst:pw@db.invalid:5432/forst",
    "EMAIL_HOST": "smtp.invalid",
}


def load_settings(module: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Import a settings module in a clean interpreter (no .env file, only the given variables)."""
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.DATABASES['default']['ENGINE'], settings.DEBUG, settings.LANGUAGE_CODE)"
    )
    clean_env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": module, **env}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_starts_with_its_secrets():
    result = load_settings("config.settings.production", PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "False", "de"]


@pytest.mark.parametrize(
    "missing", ["DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOWED_HOSTS", "EMAIL_HOST"]
)
def test_production_refuses_to_start_without_a_secret(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = load_settings("config.settings.production", env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_sqlite():
    result = load_settings(
        "config.settings.production", {**PRODUCTION_ENV, "DATABASE_URL": "sqlite:///x.db"}
    )
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_local_defaults_need_no_environment():
    result = load_settings("config.settings.local", {})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "de"]
