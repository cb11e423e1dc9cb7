"""Validators for Dutch registration numbers, names, and the plausible range of an employee's dates."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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


# --- names: no control characters, no invisible formatting ------------------------------------------------------
# A name travels into exports, letters, e-mails and PDFs. Control characters (Unicode category Cc: tab, newline,
# NUL, escape, ...), line and paragraph separators (Zl, Zp), private-use characters (Co) and invisible formatting
# characters (Cf): the bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069; "Trojan Source",
# CVE-2021-42574), zero-width spaces and joiners' look-alikes (U+200B, U+2060, U+FEFF), tag characters, the soft
# hyphen: all make text look different from what it is ("Jan<RLO>gnirts" reads as another name). No real name
# needs them, so they are refused with a message rather than silently stripped. Two Cf characters are part of
# real writing and stay allowed: the zero-width non-joiner and joiner (U+200C, U+200D; Persian, Indic scripts).
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs"})
ALLOWED_FORMAT_CHARACTERS = frozenset("\u200c\u200d")


def has_hidden_characters(value: str) -> bool:
    return any(
        unicodedata.category(char) in HIDDEN_CATEGORIES and char not in ALLOWED_FORMAT_CHARACTERS for char in value
    )


def validate_name_characters(value: str) -> None:
    if has_hidden_characters(value or ""):
        raise ValidationError(
            _(
                "De tekst bevat onzichtbare stuurtekens (zoals een tab of een teken dat de leesrichting omdraait). "
                "Typ de tekst opnieuw zonder die tekens."
            ),
            code="invalid_characters",
        )


# --- an employee's dates: a plausible range -------------------------------------------------------------------
# Children may work from 13 (light work; Arbeidstijdenwet art. 3:2 and the Nadere regeling kinderarbeid), so an
# employee is at least 13 on the day they start. Nobody on a payroll is older than 100. An employment can be
# registered up to a year ahead (a hire for next season); an end date more than ten years ahead is a typo (a
# temporary contract lasts at most three years in a chain, BW 7:668a). docs/decisions.md "Plausible data".
MINIMUM_WORKING_AGE = 13
MAXIMUM_AGE = 100
EMPLOYMENT_START_AHEAD_YEARS = 1
EMPLOYMENT_END_AHEAD_YEARS = 10


def years_shifted(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later (negative: earlier); 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def employee_date_problems(
    *,
    date_of_birth: dt.date | None,
    employment_start: dt.date | None,
    employment_end: dt.date | None,
    today: dt.date,
) -> dict[str, ValidationError]:
    """Field name to error for each date outside its plausible range (empty when all are plausible)."""
    problems: dict[str, ValidationError] = {}
    if date_of_birth is not None:
        if date_of_birth < years_shifted(today, -MAXIMUM_AGE):
            problems["date_of_birth"] = ValidationError(
                _("Deze geboortedatum ligt meer dan %(years)s jaar terug. Controleer het jaar.")
                % {"years": MAXIMUM_AGE},
                code="date_of_birth_implausible",
            )
        elif date_of_birth > years_shifted(today, -MINIMUM_WORKING_AGE):
            problems["date_of_birth"] = ValidationError(
                _("Een werknemer is minstens %(years)s jaar oud. Controleer de geboortedatum.")
                % {"years": MINIMUM_WORKING_AGE},
                code="date_of_birth_implausible",
            )
    if employment_start is not None:
        if employment_start > years_shifted(today, EMPLOYMENT_START_AHEAD_YEARS):
            problems["employment_start"] = ValidationError(
                _("De datum in dienst ligt meer dan een jaar in de toekomst. Controleer het jaar."),
                code="employment_start_implausible",
            )
        elif (
            date_of_birth is not None
            and "date_of_birth" not in problems
            and date_of_birth < employment_start  # otherwise the model's own "born before start" message says it
            and years_shifted(employment_start, -MINIMUM_WORKING_AGE) < date_of_birth
        ):
            problems["employment_start"] = ValidationError(
                _("Op de datum in dienst was de werknemer jonger dan %(years)s jaar. Controleer beide datums.")
                % {"years": MINIMUM_WORKING_AGE},
                code="employment_start_implausible",
            )
    if employment_end is not None and employment_end > years_shifted(today, EMPLOYMENT_END_AHEAD_YEARS):
        problems["employment_end"] = ValidationError(
            _("De datum uit dienst ligt meer dan %(years)s jaar in de toekomst. Controleer het jaar.")
            % {"years": EMPLOYMENT_END_AHEAD_YEARS},
            code="employment_end_implausible",
        )
    return problems


class DutchMinimumLengthValidator(MinimumLengthValidator):
    """Django's minimum password length with its message in Dutch. Django 5.2 reworded the message and its Dutch
    catalogue has no translation of the new wording yet, so the password pages showed it in English."""

    def get_error_message(self) -> str:
        return ngettext(
            "Dit wachtwoord is te kort: het moet minstens %(min_length)d teken bevatten.",
            "Dit wachtwoord is te kort: het moet minstens %(min_length)d tekens bevatten.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Uw wachtwoord moet minstens %(min_length)d teken bevatten.",
            "Uw wachtwoord moet minstens %(min_length)d tekens bevatten.",
            self.min_length,
        ) % {"min_length": self.min_length}
