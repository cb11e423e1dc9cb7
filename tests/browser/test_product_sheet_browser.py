"""The product sheet in the browser (issue 24 item 2): the employer opens it from the policy card on the start
page, on a phone (390 px) and on a desktop (1280 px); the page fits the screen and axe finds nothing serious."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.apps import apps
from playwright.sync_api import Page, expect

from premiums.models import PaymentTerm
from premiums.seed_product import SHEET_TEXTS, seed_sheet_texts
from tests.factories import PASSWORD, EmployerFactory, PolicyFactory, ProductFactory
from tests.premiums.test_product_sheet import LABELS
from verzuim.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page, str], None]
LogIn = Callable[[str, str], None]
MakeUser = Callable[..., User]


@pytest.mark.parametrize("width", [390, 1280])
def test_the_employer_opens_the_product_sheet_from_the_policy_card(
    page: Page, make_user: MakeUser, log_in: LogIn, assert_accessible: Check, width: int
) -> None:
    product = ProductFactory()
    seed_sheet_texts(apps, product)
    employer = EmployerFactory(name="Bakkerij Het Korenaar")
    policy = PolicyFactory(
        employer=employer, product=product, employer_charges_pct=Decimal(25), payment_term=PaymentTerm.QUARTER
    )
    user = make_user(Role.EMPLOYER, employer=employer)
    page.set_viewport_size({"width": width, "height": 844})
    log_in(user.email, PASSWORD)
    page.get_by_role("link", name="Productkaart van uw polis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Productkaart")
    terms = page.locator("dl.sheet-fields dt")
    expect(terms).to_have_text(LABELS)
    expect(page.get_by_text(SHEET_TEXTS["welcome_call"])).to_be_visible()
    expect(page.get_by_role("link", name="Productkaart downloaden (PDF)")).to_have_attribute(
        "href", f"/polissen/{policy.pk}/productkaart.pdf"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page, f"product-sheet-{width}")
