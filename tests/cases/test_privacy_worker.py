"""The data export with the real worker: a `celery -A verzuim worker` process on the test database takes the queued
task, writes the JSON and the PDF through the storage and marks the export ready (issue 22 item 4). The other
export tests call the task's service directly (tests/cases/test_privacy.py)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
from django.conf import settings

from cases.privacy.models import DataExport, ExportState
from cases.tasks import data_export_generate
from tests.cases.factories import make_case
from tests.factories import EmployeeFactory, UserFactory
from tests.verzuim.test_celery import WORKER_TEST_QUEUE, WORKER_WAIT_SECONDS
from tests.verzuim.test_celery import worker as worker
from verzuim.models import Employee, Role, User


@pytest.fixture
def media_root() -> Iterator[Path]:
    """The worker's storage: VAR_DIR/media, as this process's default settings say; the files are removed after."""
    root = Path(settings.VAR_DIR) / "media"
    yield root
    for path in (root / "exports").rglob("*"):
        if path.is_file():
            path.unlink()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_the_export(worker: tuple[object, Path], media_root: Path) -> None:
    process, log = worker
    employee = cast(Employee, EmployeeFactory(first_name="Wendy", last_name="Werker"))
    make_case(employee=employee, days_sick=10)
    account = cast(User, UserFactory(role=Role.EMPLOYEE, employee=employee, full_name=employee.full_name))
    export = DataExport.objects.create(requested_by=account, employee=employee)

    data_export_generate.apply_async(args=[str(export.pk)], queue=WORKER_TEST_QUEUE)

    deadline = time.monotonic() + WORKER_WAIT_SECONDS * 2  # the worker imports WeasyPrint for the first PDF
    while DataExport.objects.get(pk=export.pk).state == ExportState.PENDING:
        assert process.poll() is None, f"the worker died:\n{log.read_text()}"  # type: ignore[attr-defined]
        assert time.monotonic() < deadline, f"the worker did not make the export in time:\n{log.read_text()}"
        time.sleep(0.2)
    made = DataExport.objects.get(pk=export.pk)
    assert made.state == ExportState.READY
    data = json.loads((media_root / made.json_file).read_text())
    assert data["employee_id"] == str(employee.pk)
    assert (media_root / made.pdf_file).read_bytes().startswith(b"%PDF")
    assert "cases.tasks.data_export_generate" in log.read_text()
