"""Validators for Dutch registration numbers."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

KVK_RE = re.compile(r"^[0-9]{8}$")
PAYROLL_TAX_RE = re.compile(r"^([0-9]{9})L([0-9]{2})$")
SBI_RE = re.compile(r"^[0-9]{2}([0-9]{1,3})?$")
# ASCII digits only: \d would also accept Arabic-Indic and other Unicode digits.
BIG_RE = re.compile(r"[0-9]{11}")


def passes_eleven_proof(digits: str) -> bool:
    """Belastingdienst's 11-proof for a 9-digit RSIN/fiscal number: weights 9..2 and -1."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    weights = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=True))
    return total % 11 == 0 and int(digits) != 0


def validate_kvk_number(value: str) -> None:
    if not KVK_RE.match(value or ""):
        raise ValidationError(_("Een KvK-nummer bestaat uit precies 8 cijfers."), code="invalid_kvk")


def validate_payroll_tax_number(value: str) -> None:
    """Loonheffingennummer: fiscal number (9 digits, 11-proof), the letter L and a 2-digit suffix."""
    match = PAYROLL_TAX_RE.match(value or "")
    if not match:
        raise ValidationError(
            _("Een loonheffingennummer heeft de vorm 123456782L01: 9 cijfers, de letter L en 2 cijfers."),
            code="invalid_payroll_tax_format",
        )
    if not passes_eleven_proof(match.group(1)):
        raise ValidationError(
            _("Dit loonheffingennummer klopt niet: de 9 cijfers voldoen niet aan de elfproef."),
            code="invalid_payroll_tax_checksum",
        )


def validate_sbi_code(value: str) -> None:
    if not SBI_RE.match(value or ""):
        raise ValidationError(_("Een SBI-code bestaat uit 2 tot 5 cijfers, zonder punt."), code="invalid_sbi")


def validate_big_number(value: str) -> None:
    """BIG-nummer of a registered healthcare professional (Wet BIG): exactly 11 digits."""
    if not BIG_RE.fullmatch(value or ""):
        raise ValidationError(_("Een BIG-nummer bestaat uit precies 11 cijfers."), code="invalid_big")
