"""Running Python in a fresh process whose settings come only from the environment the test gives."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

# Variables a test controls itself; the rest of the environment (PATH, CI, ...) passes through.
CONTROLLED = ("DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "DEBUG", "SECURE_SSL_REDIRECT")


def run_python(args: list[str], var_dir: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in CONTROLLED}
    env.update(VAR_DIR=str(var_dir), **environment)
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60, check=False
    )
