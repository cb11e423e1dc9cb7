"""A pytest plugin: `make test` runs the suite on every core with pytest-xdist (`python -m pytest -p
tests.xdist_workers -n ...`), and this gives each worker process its own Redis database and local folder, as
pytest-django gives it its own test database (test_<name>_gw0, ...).

The worker's environment is changed here, when pytest loads its plugins and before pytest-django reads the
settings, so the settings and every process a test starts (a Celery worker, a second web process) see the same
values: REDIS_URL's database number plus the worker's number (gw0 keeps it, gw1 the next one; Redis has 16, so a
run on database N with W workers needs N + W <= 16), and VAR_DIR/<worker> (mails, uploads, the filesystem broker).
Outside xdist, or in the controlling process, nothing changes.
"""

from __future__ import annotations

import os
import re


def worker_environment(environ: dict[str, str] | os._Environ[str], worker: str) -> dict[str, str]:
    """The variables to change for xdist worker `worker` ("gw0", "gw1", ...); empty for anything else."""
    match = re.fullmatch(r"gw(\d+)", worker)
    if not match:
        return {}
    number = int(match.group(1))
    changes: dict[str, str] = {}
    redis_url = environ.get("REDIS_URL", "")
    if redis_url:
        base = re.fullmatch(r"(redis://[^/]+)(?:/(\d*))?", redis_url)
        if base is None:
            raise ValueError(f"REDIS_URL {redis_url!r} is not redis://host:port/db; xdist cannot split it per worker")
        database = int(base.group(2) or 0) + number
        if database > 15:
            raise ValueError(f"xdist worker {worker} would need Redis database {database}; use a lower REDIS_URL db")
        changes["REDIS_URL"] = f"{base.group(1)}/{database}"
    var_dir = environ.get("VAR_DIR", "")
    if var_dir:
        changes["VAR_DIR"] = os.path.join(var_dir, worker)
    else:  # the settings' default, <project>/var
        changes["VAR_DIR"] = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "var", worker)
    return changes


os.environ.update(worker_environment(os.environ, os.environ.get("PYTEST_XDIST_WORKER", "")))
