"""Dutch registration numbers: KvK (8 digits) and loonheffingennummer (11-proof)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from verzuim.validators import passes_eleven_proof, validate_kvk_number, validate_payroll_tax_number


def fullwidth(digits: str) -> str:
    """The same digits as Unicode full-width digits: `\\d` in a regex would accept them."""
    return "".join(chr(0xFF10 + int(digit)) for digit in digits)


def test_payroll_tax_number_passing_eleven_proof_is_accepted() -> None:
    validate_payroll_tax_number("123456782L01")


def test_payroll_tax_number_failing_eleven_proof_is_rejected_in_dutch() -> None:
    with pytest.raises(ValidationError) as exc:
        validate_payroll_tax_number("123456789L01")
    assert exc.value.messages == ["Dit loonheffingennummer klopt niet: de 9 cijfers voldoen niet aan de elfproef."]


@pytest.mark.parametrize(
    "value",
    ["123456782", "123456782L1", "123456782X01", "12345678L01", "123456782l01", "", fullwidth("123456782") + "L01"],
)
def test_payroll_tax_number_with_wrong_shape_is_rejected(value: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_payroll_tax_number(value)
    assert exc.value.code == "invalid_payroll_tax_format"


@pytest.mark.parametrize("value", ["1234567", "123456789", "1234567a", "", fullwidth("12345678")])
def test_kvk_number_must_be_eight_digits(value: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_kvk_number(value)
    assert exc.value.messages == ["Een KvK-nummer bestaat uit precies 8 cijfers."]


@given(st.integers(min_value=1, max_value=999_999_999))
def test_eleven_proof_is_the_weighted_sum_rule(number: int) -> None:
    digits = f"{number:09d}"
    weighted = sum(int(d) * w for d, w in zip(digits, [9, 8, 7, 6, 5, 4, 3, 2, -1], strict=True))
    assert passes_eleven_proof(digits) == (weighted % 11 == 0)


@given(st.text(min_size=9, max_size=9).filter(lambda s: not s.isdigit()))
def test_eleven_proof_rejects_non_digits(text: str) -> None:
    assert passes_eleven_proof(text) is False


def test_a_too_short_password_is_refused_in_dutch() -> None:
    from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
    from django.utils import translation

    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        validate_password("kort12")
    assert "Dit wachtwoord is te kort: het moet minstens 10 tekens bevatten." in refused.value.messages
    with translation.override("nl"):
        assert "Uw wachtwoord moet minstens 10 tekens bevatten." in password_validators_help_texts()
