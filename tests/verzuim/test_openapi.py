"""The committed OpenAPI schema (docs/openapi.yaml) matches the code; regenerate with `make schema`."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

SCHEMA = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"


def test_committed_schema_matches_the_code() -> None:
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    assert out.getvalue() == SCHEMA.read_text(encoding="utf-8"), "docs/openapi.yaml is stale: run `make schema`"


def test_schema_and_docs_are_served(client: object) -> None:
    assert client.get("/api/schema/").status_code == 200  # type: ignore[attr-defined]
    docs = client.get("/api/docs/")  # type: ignore[attr-defined]
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()
