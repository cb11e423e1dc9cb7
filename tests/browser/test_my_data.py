"""Mijn gegevens in the browser (issue 22 item 4): the employee opens it from the menu, reads who read their dossier,
asks for a copy of their data, sees "wordt gemaakt", and once the worker made it downloads the PDF; then asks for a
correction. At phone width, with axe on the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.privacy import services
from cases.privacy.models import CorrectionRequest, DataExport, ExportState
from tests.browser.conftest import CHROMIUM
from tests.browser.journeys_helpers import log_in_staff, log_out
from tests.cases.factories import make_case
from tests.factories import PASSWORD, EmployeeFactory, EmployerFactory, UserFactory
from verzuim.models import AuditAction, AuditLog, Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page, str], None]
LogIn = Callable[[str, str], None]
MakeUser = Callable[..., User]


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def test_employee_reads_who_saw_the_dossier_downloads_a_copy_and_asks_for_a_correction(
    page: Page, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    assert CHROMIUM.exists()
    casemanager = make_user(Role.CASEMANAGER, full_name="Carla Casemanager")
    employer = EmployerFactory(name="Bakkerij De Korenschoof", casemanager=casemanager)
    employee = EmployeeFactory(employer=employer, first_name="Sanne", last_name="de Vries")
    case = make_case(employee=employee, days_sick=30)
    account = cast(User, UserFactory(role=Role.EMPLOYEE, employee=employee, full_name=employee.full_name))
    moment = timezone.make_aware(dt.datetime(2026, 12, 3, 10, 12), timezone.get_default_timezone())
    AuditLog.objects.create(
        at=moment,
        actor=casemanager,
        actor_email=casemanager.email,
        action=AuditAction.READ,
        object_type="absence_case",
        object_id=str(case.pk),
    )

    page.set_viewport_size({"width": 390, "height": 844})
    log_in(account.email, PASSWORD)
    page.get_by_text("Menu").click()  # the phone's menu toggle
    page.get_by_role("link", name="Mijn gegevens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn gegevens")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Casemanager C. Casemanager bekeek uw verzuimdossier op 3 december 2026 om 10:12")
    expect(main).to_contain_text("Bakkerij De Korenschoof")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page, "my-data")

    page.get_by_role("button", name="Kopie aanvragen").click()
    expect(page.get_by_role("status")).to_contain_text("Uw kopie wordt gemaakt")
    expect(main).to_contain_text("wordt gemaakt")
    export = DataExport.objects.get(requested_by=account)
    services.export_generate(export_id=export.pk)  # what the worker does (tests/cases/test_privacy_worker.py)
    assert DataExport.objects.get(pk=export.pk).state == ExportState.READY
    page.reload()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF downloaden").click()
    download = download_info.value
    assert download.suggested_filename.startswith("mijn-gegevens-sanne-de-vries-")
    assert Path(download.path()).read_bytes().startswith(b"%PDF")

    page.get_by_label("Waarover gaat het?").select_option(label=f"Verzuim vanaf {case.first_sick_day:%d-%m-%Y}")
    page.get_by_label("Wat klopt er niet?").fill("Mijn telefoonnummer is oud")
    page.get_by_label("Wat moet het zijn?").fill("06 98765432")
    page.get_by_role("button", name="Correctie vragen").click()
    expect(page.get_by_role("status")).to_contain_text("Uw verzoek om correctie is verstuurd")
    expect(main).to_contain_text("In behandeling")
    assert CorrectionRequest.objects.get().case_id == case.pk


def test_the_casemanager_answers_a_correction_from_mijn_taken_and_the_employee_reads_it(
    page: Page, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    casemanager = make_user(Role.CASEMANAGER, full_name="Carla Casemanager")
    employer = EmployerFactory(name="Bakkerij De Korenschoof", casemanager=casemanager)
    employee = EmployeeFactory(employer=employer, first_name="Sanne", last_name="de Vries")
    case = make_case(employee=employee, days_sick=30)
    account = cast(User, UserFactory(role=Role.EMPLOYEE, employee=employee, full_name=employee.full_name))
    services.correction_request_create(
        requested_by=account, case_id=case.pk, what_is_wrong="Mijn telefoonnummer is oud", should_be="06 98765432"
    )

    log_in_staff(page, log_in, casemanager)
    page.get_by_role("link", name="Verzoek om correctie beantwoorden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verzoek om correctie")
    expect(page.get_by_role("main")).to_contain_text("Mijn telefoonnummer is oud")
    assert_accessible(page, "correction-answer")
    page.get_by_label("De gegevens zijn aangepast").check()
    page.get_by_label("Antwoord aan de werknemer").fill("Uw nummer is aangepast.")
    page.get_by_role("button", name="Antwoord vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("Uw antwoord is vastgelegd")
    log_out(page)

    log_in(account.email, PASSWORD)
    page.goto("/mijn-gegevens/")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Uw nummer is aangepast.")
    expect(main).to_contain_text("Aangepast")
    expect(main).to_contain_text("Casemanager C. Casemanager beantwoordde uw verzoek om correctie")
