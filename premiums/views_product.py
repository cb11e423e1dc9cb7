"""The product sheet (productkaart) of a policy, as a page and as a PDF (premiums.product_sheet).

Who sees it: the employer user of the policy's employer, and insurer staff; anyone else gets a 404, the same as for
a policy that does not exist. The sheet shows the texts and parameters in force today (Europe/Amsterdam).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from premiums import pdf, product_sheet
from verzuim.auth import portal_user


def _sheet(request: HttpRequest, policy_id: str, view: str) -> product_sheet.ProductSheet:
    policy = product_sheet.policy_for_sheet(fetched_by=portal_user(request), policy_id=policy_id, view=view)
    return product_sheet.product_sheet(policy, day=timezone.localdate())


@never_cache
@login_required
@require_GET
def product_sheet_page(request: HttpRequest, policy_id: str) -> HttpResponse:
    """Productkaart: the policy's cover, reimbursements, services, guarantee, premium, complaints and notice."""
    return render(
        request, "premiums/product_sheet.html", {"sheet": _sheet(request, policy_id, "premium_product_sheet")}
    )


@never_cache
@login_required
@require_GET
def product_sheet_pdf(request: HttpRequest, policy_id: str) -> HttpResponse:
    """The product sheet as a PDF download."""
    sheet = _sheet(request, policy_id, "premium_product_sheet_pdf")
    filename = f"productkaart-{slugify(sheet.policy.policy_number) or 'polis'}-{sheet.day:%Y-%m-%d}.pdf"
    return pdf.pdf_response(pdf.product_sheet_render(sheet=sheet), filename=filename)
