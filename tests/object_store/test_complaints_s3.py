"""A complaint's attachment, filed and opened at the complaints desk, with the object store
(tests/object_store/conftest.py)."""

from __future__ import annotations

import pytest

from tests.complaints.test_desk import (  # noqa: F401 (fixtures, found by name)
    _media,
    desk,
    handler,
    test_an_attachment_opens_in_the_browser_as_a_pdf_and_its_read_is_audited,
)

pytestmark = pytest.mark.django_db
