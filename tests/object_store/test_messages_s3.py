"""A case message's PDF attachment, sent and downloaded, with the object store (tests/object_store/conftest.py)."""

from __future__ import annotations

import pytest

from tests.cases.test_messages import (  # noqa: F401 (fixtures, found by name)
    _setup,
    test_a_pdf_attachment_downloads_for_the_parties_only,
    world,
)

pytestmark = pytest.mark.django_db
