"""docs/settings.md is the output of `manage.py settings_reference`, the registry of verzuim/conf.py as Markdown."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command


def settings_reference() -> str:
    out = StringIO()
    call_command("settings_reference", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def reference() -> str:
    return settings_reference()


def test_docs_settings_md_is_the_current_settings_reference(reference: str) -> None:
    committed = (Path(settings.BASE_DIR) / "docs" / "settings.md").read_text(encoding="utf-8")

    assert committed == reference, "docs/settings.md is out of date: run `make settings-doc` and commit it."


def test_settings_reference_shows_defaults_not_the_callers_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("VAR_DIR", str(tmp_path))

    reference = settings_reference()

    assert str(tmp_path) not in reference
    assert str(settings.BASE_DIR) not in reference
    assert (
        "| `VAR_DIR` | Folder for local state: SQLite, Celery filesystem broker, uploads. | `<project>/var` |"
        in reference
    )


def test_settings_reference_marks_what_production_requires(reference: str) -> None:
    rows = {line.split(" | ")[0].removeprefix("| "): line for line in reference.splitlines() if line.startswith("| `")}

    assert rows["`SECRET_KEY`"].endswith("| **required** |")
    assert rows["`ALLOWED_HOSTS`"].endswith("| **required** |")
    assert rows["`DATABASE_URL`"].endswith("| `sqlite:///<project>/var/db.sqlite3` |")


def test_env_example_has_an_example_for_every_variable(reference: str) -> None:
    env_example = (Path(settings.BASE_DIR) / ".env.example").read_text(encoding="utf-8")
    examples = {line.lstrip("# ").split("=", 1)[0] for line in env_example.splitlines() if "=" in line}
    names = {line.split("`")[1] for line in reference.splitlines() if line.startswith("| `")}

    assert names - examples == set()


# Set by docker-compose.yml itself or meaningless in its production containers.
NOT_FROM_ENV_FILE = {
    "VAR_DIR": "the image's own folder",
    "DJANGO_ENV": "always production",
    "DEBUG": "ignored in production",
    "DATABASE_URL": "composed from POSTGRES_PASSWORD",
    "REDIS_URL": "the redis service",
    "EMAIL_FILE_PATH": "the file backend is for development",
    "BENCH_TRIVIAL_VIEW": "the load benchmark only",
    "DEMO_PASSWORD": "no demo data in production",
}


def test_docker_compose_passes_every_setting_on_to_the_app(reference: str) -> None:
    """A variable set in .env that compose does not pass on silently has no effect in the containers."""
    import yaml

    compose = yaml.safe_load((Path(settings.BASE_DIR) / "docker-compose.yml").read_text(encoding="utf-8"))
    passed = set(compose["x-app"]["environment"])
    names = {line.split("`")[1] for line in reference.splitlines() if line.startswith("| `")}
    assert names - passed - set(NOT_FROM_ENV_FILE) == set()
    assert compose["x-app"]["environment"]["PORTAL_BASE_URL"] == "${PORTAL_BASE_URL:?set PORTAL_BASE_URL in .env}"
