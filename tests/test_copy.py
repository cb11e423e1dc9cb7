"""The portal's copy speaks with one voice (issue 20 item 6): "u hebt", never "u heeft" (decisions.md #193)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

SOURCES = ("templates", "verzuim", "cases", "premiums", "complaints")
MIXED_ADDRESS = re.compile(r"\b[Uu] heeft\b|\b[Hh]eeft u\b")


def test_the_copy_says_u_hebt_everywhere() -> None:
    base = Path(settings.BASE_DIR)
    found = [
        f"{path.relative_to(base)}:{number}"
        for folder in SOURCES
        for path in sorted((base / folder).rglob("*"))
        if path.suffix in {".html", ".txt", ".py"} and "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if MIXED_ADDRESS.search(line)
    ]
    assert found == []
