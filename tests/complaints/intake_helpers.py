"""Shared helpers of the intake tests: valid input, files by content, and a clean rate-limit cache."""

from __future__ import annotations

import time
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from complaints import spam

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def valid_input(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "category": "casemanager",
        "description": "Mijn casemanager belt nooit terug.",
        "contact_name": "Jan de Vries",
        "contact_email": "jan@example.nl",
    }
    data.update(overrides)
    return data


def form_post(**overrides: Any) -> dict[str, Any]:
    """A post of the public form as a person sends it: honeypot empty, form handed out ten seconds ago."""
    data = valid_input()
    data[spam.HONEYPOT_FIELD] = ""
    data[spam.STARTED_FIELD] = spam.form_started_token(now=time.time() - 10)
    data.update(overrides)
    return data
