"""The re-integration documents' upload and download with the object store (tests/object_store/conftest.py)."""

from __future__ import annotations

import pytest

from tests.cases.test_documents import (  # noqa: F401 (fixtures, found by name)
    case,
    casemanager,
    employee,
    employer,
    insurer,
    media_root,
    physician,
    test_the_report_downloads_as_an_attachment_only_for_allowed_roles,
)

pytestmark = pytest.mark.django_db
