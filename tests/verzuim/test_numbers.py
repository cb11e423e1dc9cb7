"""Dutch numbers everywhere (issue 20 item 5): the one parser and formatter (verzuim.numbers, on Babel), the one
form field (verzuim.forms.DutchDecimalField), the template filters (verzuim/templatetags/dutch.py), and a check
that no template shows an amount, a decimal or a dd-mm-jjjj date any other way."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.template import Context, Template

from cases.income.forms import IncomeFactsForm
from cases.interventions.views import InterventionRequestForm
from premiums.models import ParameterSet
from verzuim.admin_roles import RoleAdminMixin
from verzuim.employee_import import normalise_row
from verzuim.forms import DutchDecimalField, EmployeeForm
from verzuim.models import Employee
from verzuim.numbers import NBSP, NumberNotUnderstood, format_euro, format_number, parse_number

NOT_A_NUMBER = "„{}” is geen getal: gebruik alleen cijfers, een punt voor duizendtallen en een komma voor de decimalen."
MISPLACED = (
    "De punt of komma in „{}” begrijpen we niet. Een punt scheidt groepen van drie cijfers (38.500), een komma de "
    "decimalen (38.500,00 of 1,5)."
)


# --------------------------------------------------------------------------------------------------
# Parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("38.500,00", Decimal("38500.00")),
        ("38500,00", Decimal("38500.00")),
        ("38500", Decimal(38500)),
        ("1.500", Decimal(1500)),  # fifteen hundred, never 1,5
        ("1.250,00", Decimal("1250.00")),
        ("3.250,00", Decimal("3250.00")),
        ("1.000.000", Decimal(1000000)),
        ("1,5", Decimal("1.5")),
        ("€ 38.500,00", Decimal("38500.00")),
        (f"€{NBSP}38.500,00", Decimal("38500.00")),
        ("  38.500,00 ", Decimal("38500.00")),
        ("-100,50", Decimal("-100.50")),
        ("0", Decimal(0)),
    ],
)
def test_dutch_input_is_read(text: str, expected: Decimal) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["1.5", "38500.00", "38.50,00", "1.500,", "1.2,3"])
def test_a_dot_or_comma_in_the_wrong_place_is_refused_saying_so(text: str) -> None:
    with pytest.raises(NumberNotUnderstood) as exc:
        parse_number(text)
    assert str(exc.value) == MISPLACED.format(text)


@pytest.mark.parametrize(
    "text", ["abc", "vierduizend", "12a", "1e5", "NaN", "Infinity", "1 500", "\uff15\uff10\uff10", "- 5", "1,2,3"]
)
def test_text_that_is_no_number_is_refused_naming_it(text: str) -> None:
    with pytest.raises(NumberNotUnderstood) as exc:
        parse_number(text)
    assert str(exc.value) == NOT_A_NUMBER.format(text)


def test_empty_and_overlong_input_is_refused_in_dutch() -> None:
    with pytest.raises(NumberNotUnderstood, match=r"^Vul een getal in, bijvoorbeeld 38\.500,00 of 38500\.$"):
        parse_number(" € ")
    with pytest.raises(NumberNotUnderstood, match=r"^Dit getal is te lang om te lezen\."):
        parse_number("1" * 41)


# --------------------------------------------------------------------------------------------------
# Formatting


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal(38500), "38.500,00"),
        (Decimal("1234567.891"), "1.234.567,89"),
        (Decimal("0.5"), "0,50"),
        (Decimal("-1250"), "-1.250,00"),
        (Decimal("0.125"), "0,13"),  # half up, as the premium and income rules round (Babel alone rounds half even)
        (38500.5, "38.500,50"),
        (12, "12,00"),
    ],
)
def test_amounts_are_written_the_dutch_way(value: Decimal | float, expected: str) -> None:
    assert format_number(value) == expected
    assert format_euro(value) == f"€{NBSP}{expected}"


def test_decimals_keep_their_places_or_drop_them_when_whole() -> None:
    assert format_number(Decimal("1.23456"), 4) == "1,2346"
    assert format_number(Decimal("4.4"), 2, whole_without_decimals=True) == "4,40"
    assert format_number(Decimal("50.00"), 2, whole_without_decimals=True) == "50"
    assert format_number(Decimal(12345), 0) == "12.345"


# --------------------------------------------------------------------------------------------------
# The form field


def money_field() -> DutchDecimalField:
    return DutchDecimalField(
        money=True,
        max_digits=10,
        decimal_places=2,
        min_value=Decimal(0),
        error_messages={"invalid": "Vul een bedrag in, bijvoorbeeld 38.500,00."},
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("38.500,00", Decimal("38500.00")), ("38500,00", Decimal("38500.00")), ("38500", Decimal(38500))],
)
def test_the_field_accepts_the_three_ways_of_writing_an_amount(text: str, expected: Decimal) -> None:
    assert money_field().clean(text) == expected


def test_the_field_says_what_it_did_not_understand_and_what_to_fill_in() -> None:
    with pytest.raises(ValidationError) as exc:
        money_field().clean("38.500.00")
    assert exc.value.messages == [f"{MISPLACED.format('38.500.00')} Vul een bedrag in, bijvoorbeeld 38.500,00."]
    with pytest.raises(ValidationError) as exc:
        money_field().clean("veel")
    assert exc.value.messages == [f"{NOT_A_NUMBER.format('veel')} Vul een bedrag in, bijvoorbeeld 38.500,00."]


def test_the_fields_limits_still_hold_in_dutch() -> None:
    with pytest.raises(ValidationError) as exc:
        money_field().clean("0,005")
    assert exc.value.messages == ["Zorg dat er niet meer dan 2 cijfers achter de komma staan."]
    with pytest.raises(ValidationError):
        money_field().clean("-1,00")


def test_the_widget_shows_the_stored_value_in_dutch_with_a_decimal_keyboard() -> None:
    class AmountForm(forms.Form):
        amount = money_field()
        hours = DutchDecimalField(max_digits=4, decimal_places=2)

    html = str(AmountForm(initial={"amount": Decimal(38500), "hours": Decimal("24.50")}))
    assert re.search(r'<input type="text" name="amount" value="38.500,00" inputmode="decimal"', html), html
    assert 'name="hours" value="24,5" inputmode="decimal"' in html
    # What the user typed comes back as typed.
    assert 'name="amount" value="38.500,0x"' in str(AmountForm(data={"amount": "38.500,0x", "hours": "36"}))


def test_every_hand_filled_form_with_an_amount_uses_the_field() -> None:
    """The forms that ask for money, hours or a percentage; "1.500" is fifteen hundred in each of them."""
    fields = {
        "EmployeeForm.yearly_wage": EmployeeForm.base_fields["yearly_wage"],
        "EmployeeForm.weekly_hours": EmployeeForm.base_fields["weekly_hours"],
        "InterventionRequestForm.cost": InterventionRequestForm.base_fields["cost"],
        **{f"IncomeFactsForm.{name}": field for name, field in IncomeFactsForm.base_fields.items()},
    }
    decimal_fields = {name: field for name, field in fields.items() if isinstance(field, forms.DecimalField)}
    assert len(decimal_fields) == 10
    assert all(isinstance(field, DutchDecimalField) for field in decimal_fields.values()), decimal_fields
    assert EmployeeForm.base_fields["yearly_wage"].clean("38.500,00") == Decimal("38500.00")
    assert InterventionRequestForm.base_fields["cost"].clean("1.250,00") == Decimal("1250.00")
    assert IncomeFactsForm.base_fields["monthly_wage"].clean("3.250,00") == Decimal("3250.00")
    assert IncomeFactsForm.base_fields["monthly_wage"].clean("1.500") == Decimal(1500)


def test_the_admin_reads_amounts_factors_and_percentages_in_dutch_too() -> None:
    """Insurer staff keep the premium parameters in the admin (wage cap, rates, factors)."""
    checked = 0
    for model, model_admin in admin.site._registry.items():
        inlines = [inline(model, admin.site) for inline in model_admin.inlines]
        for each in [model_admin, *inlines]:
            if not isinstance(each, RoleAdminMixin):
                continue
            for db_field in each.model._meta.get_fields():
                if isinstance(db_field, models.DecimalField) and db_field.editable:
                    formfield = each.formfield_for_dbfield(db_field, request=None)
                    assert isinstance(formfield, DutchDecimalField), (each, db_field.name)
                    checked += 1
    assert checked >= 12  # employee (2), parameter set (3), its five tables (7)
    wage_cap = ParameterSet._meta.get_field("wage_cap")
    assert admin.site._registry[ParameterSet].formfield_for_dbfield(wage_cap, request=None).clean("81.000,00") == (
        Decimal("81000.00")
    )


def test_the_employee_form_shows_the_wage_in_dutch() -> None:
    form = EmployeeForm(instance=Employee(yearly_wage=Decimal("38500.00"), weekly_hours=Decimal("36.00")))
    assert form["yearly_wage"].value() == "38.500,00"
    assert form["weekly_hours"].value() == "36"


def test_the_import_hands_the_employee_form_what_it_reads() -> None:
    """The CSV/XLSX import keeps its own lenient reading of spreadsheet cells (also "2,800.50"), and gives the
    form Dutch input."""
    data = normalise_row({"yearly_wage": "45.000,00", "weekly_hours": 36.5})
    assert (data["yearly_wage"], data["weekly_hours"]) == ("45000,00", "36,5")
    assert EmployeeForm.base_fields["yearly_wage"].clean(data["yearly_wage"]) == Decimal("45000.00")
    assert normalise_row({"yearly_wage": "veel"})["yearly_wage"] == "veel"


# --------------------------------------------------------------------------------------------------
# The template filters


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


def test_euro_shows_every_amount_the_same_way() -> None:
    assert render("{{ a|euro }}", a=Decimal(38500)) == f"€{NBSP}38.500,00"
    assert render("{{ a|euro }}", a=Decimal("13030.875")) == f"€{NBSP}13.030,88"
    assert render("{{ a|euro }}", a="2800.50") == f"€{NBSP}2.800,50"
    assert render('{{ a|euro|default:"leeg" }}', a=None) == "leeg"
    assert render("{{ a|euro }}", a="geen bedrag") == ""


def test_decimal_nl_takes_floatformats_argument() -> None:
    assert render("{{ v|decimal_nl:4 }}", v=Decimal("1.05")) == "1,0500"
    assert render('{{ v|decimal_nl:"-2" }}', v=Decimal("62.5")) == "62,50"
    assert render('{{ v|decimal_nl:"-2" }}', v=Decimal(50)) == "50"
    assert render("{{ v|decimal_nl:0 }}", v=10000) == "10.000"
    assert render('{{ v|decimal_nl:1|default:"leeg" }}', v=None) == "leeg"


def test_dates_do_not_break_across_lines() -> None:
    assert render("{{ d|datum }}", d=datetime.date(2026, 2, 16)) == '<span class="nowrap">16-02-2026</span>'
    moment = datetime.datetime(2026, 2, 16, 13, 5, tzinfo=datetime.UTC)
    assert render("{{ d|datum_tijd }}", d=moment) == '<span class="nowrap">16-02-2026 14:05</span>'  # Amsterdam
    assert render('{{ d|datum|default:"leeg" }}', d=None) == "leeg"
    assert ZoneInfo(settings.TIME_ZONE) == ZoneInfo("Europe/Amsterdam")


# --------------------------------------------------------------------------------------------------
# No template formats a number or a date any other way

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# A euro sign directly before a template variable or tag: the amount is not formatted by |euro.
EURO_BEFORE_VALUE = re.compile(r"€(?:\s|&nbsp;|&#160;|\u00a0)*\{[{%]")
FLOATFORMAT = re.compile(r"\|\s*floatformat\b")
# A dd-mm-jjjj date without the nowrap of |datum. Allowed where the span would be text or has no style sheet:
# mails, the page title, and the admin's own templates.
PLAIN_DATE_ALLOWED = ("email/", "admin/", "complaints/survey_email.")
PLAIN_DATE = re.compile(r"""\|\s*date:["']d-m-Y""")


def formatting_problems(path: str, text: str) -> list[str]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if EURO_BEFORE_VALUE.search(line):
            problems.append(f"{path}:{number}: an amount after € without |euro")
        if FLOATFORMAT.search(line):
            problems.append(f"{path}:{number}: floatformat (use |euro or |decimal_nl)")
        if PLAIN_DATE.search(line) and not path.startswith(PLAIN_DATE_ALLOWED) and "{% block title %}" not in line:
            problems.append(f'{path}:{number}: date:"d-m-Y" (use |datum or |datum_tijd)')
    return problems


def test_the_check_finds_each_other_way_of_formatting() -> None:
    assert len(formatting_problems("x.html", "<td>€ {{ employee.yearly_wage }}</td>")) == 1
    assert len(formatting_problems("x.html", '<td>€&nbsp;{{ c.amount|floatformat:"2g" }}</td>')) == 2
    assert (
        len(formatting_problems("x.html", "{% blocktranslate %}boven € {{ cap }} per maand{% endblocktranslate %}"))
        == 1
    )
    assert len(formatting_problems("x.html", '<td>{{ d|date:"d-m-Y" }}</td>')) == 1
    assert formatting_problems("email/reminder.txt", '{{ d|date:"d-m-Y" }}') == []
    assert formatting_problems("x.html", "<td>{{ c.amount|euro }}</td><td>{{ d|datum }}</td> Bedrag (€)") == []


def test_no_template_formats_money_decimals_or_dates_another_way() -> None:
    paths = sorted(path for path in TEMPLATES.rglob("*") if path.suffix in {".html", ".txt", ".css", ".svg"})
    assert len(paths) > 100
    problems = [
        problem
        for path in paths
        for problem in formatting_problems(path.relative_to(TEMPLATES).as_posix(), path.read_text(encoding="utf-8"))
    ]
    assert problems == []
