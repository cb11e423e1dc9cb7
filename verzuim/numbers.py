"""Dutch numbers: the one place that reads and writes amounts, decimals and percentages for people.

Reading and writing are Babel's (`babel.numbers`, the CLDR data of the `nl_NL` locale), not parsing of our own:
a dot groups thousands and a comma starts the decimals. Input accepts "38.500,00", "38500,00" and "38500", also
with a leading "€"; "1.500" is fifteen hundred and "1,5" is one and a half. A dot that does not group three
digits ("1.5", "38500.00") is refused, never guessed: in Dutch it has no meaning, and reading it as a decimal
point would turn 1.500 into 1,5. Every refusal says, in Dutch, what was not understood.

Output is "€ 38.500,00" (a non-breaking space after the euro sign, so an amount never breaks across lines) and
"62,5" or "1.234,5678" for other decimals. Forms use `verzuim.forms.DutchDecimalField`, templates the filters of
`verzuim/templatetags/dutch.py`; both call this module (docs/how-to.md, "Show or accept an amount").

Pure: no models, no database.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import NumberFormatError, format_currency, format_decimal, parse_decimal
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

LOCALE = "nl_NL"
NBSP = "\u00a0"
# Longer input is refused before it reaches the parser (no amount the portal knows has more than 20 characters).
MAX_INPUT_LENGTH = 40
_SPACES = " \t\r\n" + NBSP + "\u202f"
_NUMBER_CHARACTERS = re.compile(r"[+-]?[0-9.,]+")
_NOT_A_NUMBER = gettext_lazy(
    "„%(value)s” is geen getal: gebruik alleen cijfers, een punt voor duizendtallen en een komma voor de decimalen."
)


class NumberNotUnderstood(ValueError):
    """Input that is not a Dutch number; str() is the Dutch message that says what was not understood."""


def parse_number(text: str) -> Decimal:
    """The Decimal of Dutch input ("38.500,00", "38500,00", "38500", "€ 1.250", "1,5"), or NumberNotUnderstood."""
    cleaned = text.strip(_SPACES)
    if cleaned.startswith("€"):
        cleaned = cleaned[1:].lstrip(_SPACES)
    if not cleaned:
        raise NumberNotUnderstood(_("Vul een getal in, bijvoorbeeld 38.500,00 of 38500."))
    if len(cleaned) > MAX_INPUT_LENGTH:
        raise NumberNotUnderstood(_("Dit getal is te lang om te lezen. Vul een getal in, bijvoorbeeld 38.500,00."))
    if not _NUMBER_CHARACTERS.fullmatch(cleaned):
        # Babel would also read "1e5", "NaN" and other scripts' digits; a person types none of those for an amount.
        raise NumberNotUnderstood(_NOT_A_NUMBER % {"value": cleaned})
    try:
        value = parse_decimal(cleaned, locale=LOCALE, strict=True)
    except NumberFormatError as exc:
        if exc.suggestions:
            # Babel understood the digits but not where the dots and commas stand.
            raise NumberNotUnderstood(
                _(
                    "De punt of komma in „%(value)s” begrijpen we niet. Een punt scheidt groepen van drie cijfers "
                    "(38.500), een komma de decimalen (38.500,00 of 1,5)."
                )
                % {"value": cleaned}
            ) from exc
        raise NumberNotUnderstood(_NOT_A_NUMBER % {"value": cleaned}) from exc
    return value


def _decimal(value: Decimal | int | float | str) -> Decimal:
    if isinstance(value, Decimal):
        return value
    # A float goes through str() so that 0.1 stays 0.1; a str is a stored value ("2800.50"), not user input.
    return Decimal(str(value))


def format_number(value: Decimal | int | float | str, places: int = 2, *, whole_without_decimals: bool = False) -> str:
    """A number the Dutch way with thousands grouped: format_number(38500.5) == "38.500,50".

    `places` decimals, rounded half up as the premium and income rules round. With whole_without_decimals=True a
    number that rounds to a whole one has no decimals (format_number(50, 2, whole_without_decimals=True) == "50",
    but "4,40" for 4.4), as Django's floatformat does with a negative argument.
    """
    number = _decimal(value)
    quantized = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if whole_without_decimals and quantized == quantized.to_integral_value():
        places, quantized = 0, quantized.quantize(Decimal(1))
    pattern = "#,##0" + ("." + "0" * places if places > 0 else "")
    return format_decimal(quantized, format=pattern, locale=LOCALE, decimal_quantization=True)


def format_euro(value: Decimal | int | float | str) -> str:
    """An amount in euro: format_euro(38500) == "€\u00a038.500,00" (never broken across lines)."""
    number = _decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return format_currency(number, "EUR", locale=LOCALE).replace(" ", NBSP)


def input_text(value: Decimal | int | float | str, places: int | None) -> str:
    """How a form shows a stored value for editing: grouped, `places` decimals (None: as many as it has)."""
    number = _decimal(value)
    if places is None:
        exponent = number.normalize().as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
    return format_number(number, places)
