"""Running Python in a fresh process whose settings come only from the environment the test gives."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

# Variables a test controls itself; the rest of the environment (PATH, CI, ...) passes through.
CONTROLLED = (
    "DJANGO_ENV",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "PORTAL_BASE_URL",
    "S3_BUCKET",
    "S3_ENDPOINT_URL",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_REGION",
)


# A process that migrates a fresh database takes about 10 s on an idle 2-core machine; four minutes leave room for
# a machine that runs other suites beside this one, and still end a process that hangs.
PROCESS_TIMEOUT_SECONDS = 240


def run_python(args: list[str], var_dir: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in CONTROLLED}
    env.update(VAR_DIR=str(var_dir), **environment)
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=PROCESS_TIMEOUT_SECONDS,
        check=False,
    )


def database_url_of_test_database() -> str:
    """A DATABASE_URL for the database this test runs on (pytest-django's test database), for another process."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    assert db["ENGINE"] == "django.db.backends.postgresql", db["ENGINE"]
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"
