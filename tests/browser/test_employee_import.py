"""An employer imports a payroll export in the browser: a bad file stores nothing, a good one after preview."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, EmployeeFactory
from verzuim.models import Employee, Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "personeelsnummer;voornaam;achternaam;geboortedatum;datum_in_dienst;uren_per_week;jaarloon;contract"
ANNA = "1001;Anna;de Vries;15-06-1985;01-01-2020;36;42.000,00;vast"


def test_employer_imports_after_fixing_a_bad_file(
    page: Page,
    make_user: Callable[..., User],
    log_in: Callable[[str, str], None],
    assert_accessible: Callable[[Page, str], None],
    tmp_path: Path,
) -> None:
    user = make_user(Role.EMPLOYER)
    EmployeeFactory(employer=user.employer, personnel_number="1003")
    log_in(user.email, PASSWORD)
    page.goto("/werknemers/")
    page.get_by_role("link", name="Importeren uit CSV of Excel").click()
    assert_accessible(page, "import-empty")

    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([HEADER, ANNA, "1002;Bram;Jansen;32-13-1990;01-02-2021;24;;tijdelijk"]), encoding="utf-8")
    page.get_by_label("Bestand (CSV of Excel)").set_input_files(str(bad))
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.get_by_role("alert")).to_contain_text("Er is niets opgeslagen.")
    assert_accessible(page, "import-errors")
    assert Employee.objects.filter(employer=user.employer).count() == 1

    good = tmp_path / "good.csv"
    good.write_text(
        "\n".join([HEADER, ANNA, "1003;Bram;Jansen;01-12-1990;01-02-2021;24;30000;tijdelijk"]), encoding="utf-8"
    )
    page.get_by_label("Bestand (CSV of Excel)").set_input_files(str(good))
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import controleren")
    assert_accessible(page, "import-preview")
    page.get_by_role("button", name="Importeren").click()

    expect(page.get_by_role("status")).to_have_text("De import is opgeslagen. Nieuw: 1, bijgewerkt: 1, ongewijzigd: 0.")
    assert Employee.objects.filter(employer=user.employer).count() == 2
