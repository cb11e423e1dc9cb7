"""The employee's data export, generated (JSON and PDF) and downloaded, with the object store
(tests/object_store/conftest.py)."""

from __future__ import annotations

import pytest

from tests.cases.test_privacy import (  # noqa: F401 (fixtures, found by name)
    _media,
    casemanager,
    test_only_the_employee_who_asked_downloads_the_export,
    world,
)

pytestmark = pytest.mark.django_db
