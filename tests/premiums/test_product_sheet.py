"""The product sheet (productkaart) of a policy as a page and a PDF, the dated texts behind it, and the premium
notice as the letter an insurer sends (issue 24 items 2 and 3)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from premiums import notice, product_sheet, services
from premiums.models import InsurerDetails, PaymentTerm, Policy, Product, ProductSheetText
from premiums.pdf import premium_notice_render
from premiums.seed_product import INSURER, SHEET_TEXTS
from tests.factories import EmployeeFactory, EmployerFactory, PolicyFactory, ProductFactory
from tests.premiums.test_pages import pdf_text, text
from verzuim.models import AuditLog, Role, User

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
StaffLogin = Callable[[User], Client]
D = dt.date

# Every label of the sheet, in its order (issue 24 item 2).
LABELS = [
    "Eigenrisicodagen",
    "Dekking per jaar",
    "Loon",
    "Werkgeverslasten",
    "Interventies en voorwaarden",
    "Arbodienst",
    "Certificering arbodienst",
    "Casemanager",
    "Welkomstgesprek",
    "Preventiecheck",
    "Terugvalpreventie",
    "Poortwachtergarantie",
    "Voorwaarden Poortwachtergarantie",
    "Premiegrondslag",
    "Maximumpremieloon",
    "Begrenzing premiestijging",
    "Premietermijn",
    "Klachtenroute",
    "Termijnen klachtafhandeling",
    "Opzegtermijn",
]
SECTIONS = ["Dekking", "Wat wij vergoeden", "Diensten", "Poortwachtergarantie", "Premie", "Klachten", "Opzeggen"]
NOT_RECORDED = "Niet vastgelegd voor dit product."
JANUARY_1 = D(2026, 1, 1)
DASH = "\N{EN DASH}"


def sheet_url(policy: Policy, pdf: bool = False) -> str:
    return f"/polissen/{policy.pk}/productkaart{'.pdf' if pdf else '/'}"


def with_texts(product: Product, valid_from: D = JANUARY_1, **changes: str) -> ProductSheetText:
    return ProductSheetText.objects.create(product=product, valid_from=valid_from, **(SHEET_TEXTS | changes))


@pytest.fixture
def policy() -> Policy:
    """The demo product with its seeded texts: 20 waiting days, 100/70, 25% charges, paid per quarter."""
    product = ProductFactory()
    with_texts(product)
    employer = EmployerFactory(name="Bakkerij Het Korenaar", sbi_code="1071")
    return PolicyFactory(
        employer=employer,
        product=product,
        waiting_days=20,
        employer_charges_pct=Decimal(25),
        payment_term=PaymentTerm.QUARTER,
        policy_number="VOV-2026-0100",
    )


@pytest.fixture
def other_product_policy() -> Policy:
    """Another product that has recorded only its notice period."""
    product = Product.objects.create(code="verzuim-basis", name="Verzuim Basis")
    ProductSheetText.objects.create(product=product, valid_from=D(2026, 1, 1), notice_period="Dagelijks opzegbaar.")
    return PolicyFactory(product=product, waiting_days=65, coverage="70/70", policy_number="VOV-2026-0200")


def in_order(document: str, labels: list[str]) -> list[int]:
    """The positions of the labels, each searched after the previous one (fails on a missing or misplaced one)."""
    positions, start = [], 0
    for label in labels:
        found = document.find(label, start)
        assert found >= 0, f"{label!r} missing or out of order"
        positions.append(found)
        start = found + len(label)
    return positions


# --- The sheet's fields --------------------------------------------------------------------------------------


def test_the_sheet_has_every_field_in_order_with_the_policys_values(policy: Policy) -> None:
    sheet = product_sheet.product_sheet(policy, day=D(2026, 3, 1))
    assert sheet.labels == LABELS
    assert [section.title for section in sheet.sections] == SECTIONS
    values = {field.key: " ".join(field.lines) for section in sheet.sections for field in section.fields}
    assert values["waiting_days"].startswith("De eerste 20 werkdagen van elke ziekmelding")
    assert values["coverage"] == "100% jaar 1, 70% jaar 2 van het loon dat u doorbetaalt."
    assert values["employer_charges"].startswith("25% bovenop het loon is mee verzekerd.")
    assert "hoogstens 50% van het loon dat tot week 104" in values["interventions"]
    assert values["wage_cap"] == "€\u00a079.409,00 per werknemer per jaar."
    assert values["rise_cap"] == "Uw eigenverzuimfactor stijgt hoogstens 10% per jaar."
    assert values["payment_term"].startswith("Per kwartaal")
    assert values["complaint_terms"].startswith("Wij bevestigen de ontvangst van uw klacht binnen 5 werkdagen")
    assert values["notice_period"] == SHEET_TEXTS["notice_period"]


def test_the_sheet_reads_its_texts_parameters_and_complaint_terms_in_three_queries(
    policy: Policy, django_assert_num_queries: Callable[..., Any]
) -> None:
    with django_assert_num_queries(3):
        product_sheet.product_sheet(policy, day=D(2026, 3, 1))


def test_a_product_without_texts_keeps_every_label_and_says_what_is_not_recorded(
    other_product_policy: Policy,
) -> None:
    sheet = product_sheet.product_sheet(other_product_policy, day=D(2026, 3, 1))
    assert sheet.labels == LABELS
    fields = {field.key: field for section in sheet.sections for field in section.fields}
    assert fields["wage"].lines == ()
    assert fields["wage"].missing == NOT_RECORDED
    assert fields["notice_period"].lines == ("Dagelijks opzegbaar.",)
    assert fields["waiting_days"].lines[0].startswith("De eerste 65 werkdagen")


def test_without_parameters_on_the_day_the_caps_say_so() -> None:
    policy = PolicyFactory()
    sheet = product_sheet.product_sheet(policy, day=D(2025, 6, 1))  # the first parameter set is from 2026
    fields = {field.key: field for section in sheet.sections for field in section.fields}
    assert fields["wage_cap"].lines == ()
    assert fields["wage_cap"].missing == "Niet vastgelegd: er zijn geen premieparameters op deze datum."
    assert sheet.labels == LABELS


def test_the_sheet_shows_the_version_of_the_texts_in_force_on_its_day(policy: Policy) -> None:
    with_texts(policy.product, D(2026, 7, 1), notice_period="Vanaf juli: opzeggen met 1 maand opzegtermijn.")
    before = product_sheet.product_sheet(policy, day=D(2026, 6, 30))
    after = product_sheet.product_sheet(policy, day=D(2026, 7, 1))
    assert before.text is not None
    assert before.text.valid_from == D(2026, 1, 1)
    assert after.text is not None
    assert after.text.valid_from == D(2026, 7, 1)
    assert before.sections[-1].fields[0].lines == (SHEET_TEXTS["notice_period"],)
    assert after.sections[-1].fields[0].lines == ("Vanaf juli: opzeggen met 1 maand opzegtermijn.",)


# --- The page and the PDF ------------------------------------------------------------------------------------


def test_the_employer_reads_its_sheet_with_every_label_in_order_and_the_read_is_audited(
    policy: Policy, make_user: MakeUser, client: Client
) -> None:
    user = make_user(Role.EMPLOYER, employer=policy.employer)
    client.force_login(user)
    response = client.get(sheet_url(policy))
    assert response.status_code == 200
    page = text(response.content)
    in_order(page, LABELS)
    assert "VOV-2026-0100" in page
    assert SHEET_TEXTS["welcome_call"] in page
    assert f'href="{sheet_url(policy, pdf=True)}"' in response.content.decode()
    assert 'href="/klachten/nieuw/">Klacht indienen in het portaal</a>' in response.content.decode()
    assert AuditLog.objects.filter(
        actor=user, object_type="policy", object_id=str(policy.pk), changes__view="premium_product_sheet"
    ).exists()


def test_the_pdf_lists_every_field_in_order(policy: Policy, make_user: MakeUser, client: Client) -> None:
    client.force_login(make_user(Role.EMPLOYER, employer=policy.employer))
    response = client.get(sheet_url(policy, pdf=True))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    today = timezone.localdate()
    assert response["Content-Disposition"] == f'attachment; filename="productkaart-vov-2026-0100-{today:%Y-%m-%d}.pdf"'
    document = pdf_text(response.content)
    in_order(document, [f"Productkaart {policy.product.name}", *LABELS])
    for expected in ["De eerste 20 werkdagen", "100% jaar 1, 70% jaar 2", "Per kwartaal", "79.409,00", "Kifid"]:
        assert expected in document, expected


def test_two_policies_of_different_products_show_the_same_labels_in_the_same_order(
    policy: Policy, other_product_policy: Policy, make_user: MakeUser, staff_login: StaffLogin
) -> None:
    client = staff_login(make_user(Role.INSURER))
    pages = [text(client.get(sheet_url(p)).content) for p in (policy, other_product_policy)]
    pdfs = [pdf_text(client.get(sheet_url(p, pdf=True)).content) for p in (policy, other_product_policy)]
    for document in [*pages, *pdfs]:
        in_order(document, LABELS)
    # The product without texts says so for each field that is only text: loon, the six services, the guarantee
    # and its conditions, the premium basis and the complaints route (its notice period is set).
    assert pages[1].count(NOT_RECORDED) == 11
    assert NOT_RECORDED not in pages[0]
    assert pdfs[1].count(NOT_RECORDED) == 11


def test_the_sheet_is_linked_from_the_employer_premium_page_and_the_policy_card(
    policy: Policy, make_user: MakeUser, staff_login: StaffLogin, client: Client
) -> None:
    EmployeeFactory(employer=policy.employer, yearly_wage=Decimal(40000))
    author, reviewer = make_user(Role.INSURER), make_user(Role.INSURER)
    calculation = services.premium_calculate(calculated_by=author, policy=policy, year=2026, today=D(2026, 1, 5))
    services.premium_approve(reviewed_by=reviewer, calculation=calculation)
    client.force_login(make_user(Role.EMPLOYER, employer=policy.employer))
    link = f'href="{sheet_url(policy)}"'
    assert link in client.get("/premie/").content.decode()
    assert link in client.get("/").content.decode()
    assert link in staff_login(reviewer).get(f"/premies/berekeningen/{calculation.pk}/").content.decode()


@pytest.mark.parametrize("role", [Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN, Role.COMPLAINT_HANDLER])
def test_other_roles_get_a_404(policy: Policy, make_user: MakeUser, staff_login: StaffLogin, role: Role) -> None:
    user = make_user(role)
    if role == Role.CASEMANAGER:
        policy.employer.casemanager = user  # even the employer's own casemanager
        policy.employer.save()
    client = staff_login(user)
    assert client.get(sheet_url(policy)).status_code == 404
    assert client.get(sheet_url(policy, pdf=True)).status_code == 404


def test_another_employer_gets_a_404(policy: Policy, make_user: MakeUser, client: Client) -> None:
    client.force_login(make_user(Role.EMPLOYER, employer=EmployerFactory()))
    assert client.get(sheet_url(policy)).status_code == 404
    assert client.get(sheet_url(policy, pdf=True)).status_code == 404


def test_an_unknown_policy_is_a_404(make_user: MakeUser, staff_login: StaffLogin) -> None:
    client = staff_login(make_user(Role.INSURER))
    assert client.get("/polissen/00000000-0000-0000-0000-000000000000/productkaart/").status_code == 404
    assert client.get("/polissen/niet-een-id/productkaart.pdf").status_code == 404


# --- The admin: dated versions -------------------------------------------------------------------------------


def test_the_new_models_are_in_the_admin(make_user: MakeUser, staff_login: StaffLogin) -> None:
    client = staff_login(make_user(Role.INSURER))
    assert client.get("/admin/premiums/productsheettext/").status_code == 200
    assert client.get("/admin/premiums/insurerdetails/").status_code == 200


def test_insurer_staff_add_a_dated_version_in_the_admin_and_the_sheet_picks_it_from_that_day(
    policy: Policy, make_user: MakeUser, staff_login: StaffLogin
) -> None:
    client = staff_login(make_user(Role.INSURER))
    valid_from = timezone.localdate() + dt.timedelta(days=1)
    form = dict(SHEET_TEXTS.items()) | {
        "product": policy.product.pk,
        "valid_from": valid_from.strftime("%d-%m-%Y"),
        "notice_period": "Nieuw: opzeggen met 1 maand opzegtermijn.",
    }
    response = client.post("/admin/premiums/productsheettext/add/", form)
    assert response.status_code == 302, text(response.content)
    assert ProductSheetText.objects.filter(product=policy.product, valid_from=valid_from).exists()
    # Today the sheet still shows the version in force; from tomorrow the new one.
    assert "Nieuw: opzeggen" not in text(client.get(sheet_url(policy)).content)
    tomorrow = product_sheet.product_sheet(policy, day=valid_from)
    assert tomorrow.sections[-1].fields[0].lines == ("Nieuw: opzeggen met 1 maand opzegtermijn.",)


def test_insurer_staff_add_a_dated_version_of_the_insurer_details(make_user: MakeUser, staff_login: StaffLogin) -> None:
    client = staff_login(make_user(Role.INSURER))
    form = INSURER | {"valid_from": "01-07-2026", "iban": "NL02ABNA0123456789", "payment_term_days": 14}
    response = client.post("/admin/premiums/insurerdetails/add/", form)
    assert response.status_code == 302, text(response.content)
    assert notice.insurer_details_on(D(2026, 6, 30)).iban == INSURER["iban"]  # type: ignore[union-attr]
    assert notice.insurer_details_on(D(2026, 7, 1)).iban == "NL02ABNA0123456789"  # type: ignore[union-attr]


# --- The premium notice ----------------------------------------------------------------------------------------


def test_terms_add_up_to_the_premium_and_are_due_within_the_payment_term() -> None:
    terms = notice.installments(
        premium=Decimal("1000.00"), year=2027, payment_term="quarter", notice_date=D(2026, 12, 1), payment_term_days=30
    )
    assert [t.amount for t in terms] == [Decimal("250.00")] * 4
    assert next((t.start, t.end, t.pay_by) for t in terms) == (D(2027, 1, 1), D(2027, 3, 31), D(2027, 1, 31))
    assert terms[-1].end == D(2027, 12, 31)
    monthly = notice.installments(
        premium=Decimal("1000.00"), year=2026, payment_term="month", notice_date=D(2026, 3, 10), payment_term_days=30
    )
    assert sum(t.amount for t in monthly) == Decimal("1000.00")
    assert monthly[0].amount == Decimal("83.33")
    assert monthly[-1].amount == Decimal("83.37")
    # A term that started before the notice is due the notice's date plus the payment term.
    assert monthly[0].pay_by == D(2026, 4, 9)
    assert monthly[5].pay_by == D(2026, 7, 1)


def test_the_notice_is_a_letter_with_terms_account_and_the_disagreement_route_and_the_explanation_attached(
    policy: Policy, make_user: MakeUser, client: Client
) -> None:
    for _ in range(4):
        EmployeeFactory(employer=policy.employer, yearly_wage=Decimal(40000), date_of_birth=D(1985, 6, 15))
    author, reviewer = make_user(Role.INSURER), make_user(Role.INSURER)
    calculation = services.premium_calculate(calculated_by=author, policy=policy, year=2026, today=D(2026, 1, 5))
    services.premium_approve(reviewed_by=reviewer, calculation=calculation)
    client.force_login(make_user(Role.EMPLOYER, employer=policy.employer))
    response = client.get(f"/premie/{calculation.pk}/premienota.pdf")
    assert response.status_code == 200
    document = pdf_text(response.content)
    quarter = (calculation.premium / 4).quantize(Decimal("0.01"))
    amount = f"{quarter:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    in_order(
        document,
        [
            # The letterhead.
            "Verzuim-ontzorg Verzekeringen N.V.",
            "Catharijnesingel 10, 3511 GB Utrecht",
            "Bakkerij Het Korenaar",
            "Premienota 2026",
            "Polisnummer VOV-2026-0100",
            "Periode 1 januari 2026 tot en met 31 december 2026",
            "Premietermijn Per kwartaal",
            # The terms.
            "Premie per termijn",
            f"1 01-01-2026 {DASH} 31-03-2026 € {amount}",
            f"4 01-10-2026 {DASH} 31-12-2026 € {amount}",
            # Payment: account and term.
            "Maak elke termijn over op rekening NL91ABNA0417164300 ten name van Verzuim-ontzorg Verzekeringen N.V., "
            "onder vermelding van polisnummer VOV-2026-0100. De betaaltermijn is 30 dagen",
            # The disagreement route.
            "Bent u het niet eens met deze nota?",
            f"via het portaal: {settings.PORTAL_BASE_URL.rstrip('/')}/klachten/nieuw/",
            "binnen 5 werkdagen en beantwoorden uw klacht binnen 6 weken",
            "Kifid",
            "KvK 30000001 · AFM-vergunning 12000001 · DNB-relatienummer W0001",
            # The explanation as an appendix.
            "Bijlage: toelichting op de premieberekening",
            "Zo is uw premie berekend",
            "Eigenverzuimfactor (F)",
        ],
    )


def test_the_explanation_starts_on_a_page_of_its_own(policy: Policy, make_user: MakeUser, client: Client) -> None:
    EmployeeFactory(employer=policy.employer, yearly_wage=Decimal(40000))
    author, reviewer = make_user(Role.INSURER), make_user(Role.INSURER)
    calculation = services.premium_calculate(calculated_by=author, policy=policy, year=2026, today=D(2026, 1, 5))
    services.premium_approve(reviewed_by=reviewer, calculation=calculation)
    client.force_login(make_user(Role.EMPLOYER, employer=policy.employer))
    reader = PdfReader(io.BytesIO(client.get(f"/premie/{calculation.pk}/premienota.pdf").content))
    pages = [page.extract_text() for page in reader.pages]
    appendix = next(index for index, page in enumerate(pages) if "Bijlage: toelichting" in page)
    letter = next(index for index, page in enumerate(pages) if "Bent u het niet eens met deze nota?" in page)
    assert appendix > letter
    assert "Bent u het niet eens" not in pages[appendix]
    assert "AFM-vergunning" not in pages[appendix]


def test_the_notice_uses_the_insurer_details_in_force_on_its_date(policy: Policy, make_user: MakeUser) -> None:
    InsurerDetails.objects.create(**(INSURER | {"valid_from": D(2026, 6, 1), "iban": "NL02ABNA0123456789"}))
    EmployeeFactory(employer=policy.employer, yearly_wage=Decimal(40000))
    insurer = make_user(Role.INSURER)
    calculation = services.premium_calculate(calculated_by=insurer, policy=policy, year=2026, today=D(2026, 1, 5))
    may = pdf_text(premium_notice_render(calculation=calculation, generated_by=insurer, today=D(2026, 5, 31)).pdf)
    june = pdf_text(premium_notice_render(calculation=calculation, generated_by=insurer, today=D(2026, 6, 1)).pdf)
    assert "NL91ABNA0417164300" in may
    assert "NL02ABNA0123456789" not in may
    assert "NL02ABNA0123456789" in june
