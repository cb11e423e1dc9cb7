"""The template filters for numbers and dates: `{% load dutch %}`.

* `{{ amount|euro }}` gives "€ 38.500,00" with a non-breaking space: every amount in euro, on pages, in PDFs
  and in mails. No template writes "€ {{ ... }}" or formats an amount with floatformat
  (tests/verzuim/test_numbers.py reads the templates).
* `{{ value|decimal_nl:2 }}` gives "1.234,50"; `{{ value|decimal_nl:"-2" }}` gives "62,50" but "50" for a
  whole number: other decimals and percentages, with the argument of Django's floatformat (thousands always
  grouped).
* `{{ day|datum }}` gives dd-mm-jjjj in a `<span class="nowrap">`, so a date never breaks at its hyphens
  (Chromium does break "16-02-2026" after a hyphen). The plain text stays "16-02-2026", for copying and
  searching. `{{ moment|datum_tijd }}` does the same for "16-02-2026 14:05" (Europe/Amsterdam). For plain-text
  mails, attributes and the page title use `|date:"d-m-Y"`.

Empty values (None, "") give "", so `|default:"..."` still works after each filter.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.html import format_html
from django.utils.safestring import SafeString

from verzuim import numbers

register = template.Library()


def _number(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


@register.filter(is_safe=True)
def euro(value: Any) -> str:
    number = _number(value)
    return "" if number is None else numbers.format_euro(number)


@register.filter(is_safe=True)
def decimal_nl(value: Any, arg: Any = -1) -> str:
    number = _number(value)
    if number is None:
        return ""
    try:
        places = int(arg)
    except (TypeError, ValueError):
        places = -1
    return numbers.format_number(number, abs(places), whole_without_decimals=places < 0)


@register.filter(expects_localtime=True)
def datum(value: Any) -> str | SafeString:
    if not isinstance(value, datetime.date):
        return ""
    return format_html('<span class="nowrap">{}</span>', date_filter(value, "d-m-Y"))


@register.filter(expects_localtime=True)
def datum_tijd(value: Any) -> str | SafeString:
    if not isinstance(value, datetime.datetime):
        return ""
    return format_html('<span class="nowrap">{}</span>', date_filter(value, "d-m-Y H:i"))
