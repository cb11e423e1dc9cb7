"""The product sheet (productkaart) of a policy: the same fields, in the same order, for every policy, so an
employer can compare (issue 24 item 2; docs/domain.md §7 "Product sheet").

Where each value comes from:

* the policy: waiting days, coverage, the insured employer charges, the payment term;
* the premium parameter set in force on the sheet's date: the wage cap, the cap on the rise of the own-absence
  factor, the limit on intervention costs (docs/domain.md §6 "Interventions", §7);
* the product's texts (`ProductSheetText`) in force on that date: what is reimbursed, the services, the
  Poortwachter guarantee and its conditions, the premium basis, the complaints route and the notice period;
* the complaints desk's terms on that date (verzuim.plugins.complaint_route_on, registered by complaints.route).

A field without a value says so ("Niet vastgelegd ..."): the labels never depend on the data (decision 357).

Who may read it: the employer user of the policy's employer, and insurer staff (insurer and admin); anyone else
gets a 404, the same as for a policy that does not exist. Every read is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from premiums.models import ParameterSet, Policy, Product, ProductSheetText
from premiums.parameters import parameter_set_on
from verzuim import numbers
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Role, User
from verzuim.plugins import ComplaintRoute, complaint_route_on
from verzuim.selectors import as_uuid

# Insurer staff and admins read every sheet; unlike verzuim.models.STAFF_ROLES, not the casemanager (decision 360).
SHEET_READER_ROLES = frozenset({Role.INSURER, Role.ADMIN})


@dataclass(frozen=True)
class SheetField:
    key: str
    label: str
    lines: tuple[str, ...]  # the value, paragraph by paragraph; empty when nothing is recorded
    missing: str  # what the sheet says when `lines` is empty
    link: tuple[str, str, str] | None = None  # (text, path on the portal, absolute URL), shown below the value


@dataclass(frozen=True)
class SheetSection:
    key: str
    title: str
    fields: tuple[SheetField, ...]


@dataclass(frozen=True)
class ProductSheet:
    policy: Policy
    day: dt.date
    text: ProductSheetText | None
    parameter_set: ParameterSet | None
    sections: tuple[SheetSection, ...]

    @property
    def labels(self) -> list[str]:
        """Every field label, in the order of the sheet (the same for every policy)."""
        return [field.label for section in self.sections for field in section.fields]


# --- Reads ---------------------------------------------------------------------------------------------------


def policy_scope(*, user: User) -> Q:
    """The policies whose sheet a user may read: insurer staff every one, an employer user its own."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.role in SHEET_READER_ROLES:
        return Q()
    if user.role == Role.EMPLOYER and user.employer_id:
        return Q(employer_id=user.employer_id)
    return Q(pk__in=[])


def policy_for_sheet(*, fetched_by: User, policy_id: Any, view: str) -> Policy:
    """The policy, or 404 when it does not exist or is not the user's to see; the read is audited."""
    pk = as_uuid(policy_id)
    policy = (
        Policy.objects.filter(policy_scope(user=fetched_by), pk=pk).select_related("employer", "product").first()
        if pk
        else None
    )
    if policy is None:
        raise Http404
    audit_record(
        actor=fetched_by,
        action=AuditAction.READ,
        object_type="policy",
        object_id=policy.pk,
        employer=policy.employer,
        changes={"view": view},
    )
    return policy


def sheet_text_on(product: Product, day: dt.date) -> ProductSheetText | None:
    """The version of the product's texts in force on `day`: the latest valid from that day or earlier."""
    return ProductSheetText.objects.filter(product=product, valid_from__lte=day).order_by("-valid_from").first()


# --- The sheet -------------------------------------------------------------------------------------------------


def _percent(value: Any) -> str:
    return numbers.format_number(value, 2, whole_without_decimals=True) + "%"


def _text(text: ProductSheetText | None, name: str) -> tuple[str, ...]:
    value = getattr(text, name, "") if text is not None else ""
    return tuple(part.strip() for part in value.split("\n\n") if part.strip())


def product_sheet(policy: Policy, *, day: dt.date) -> ProductSheet:
    """The sheet of `policy` as it stands on `day` (three queries: texts, parameters, complaint terms)."""
    text = sheet_text_on(policy.product, day)
    parameter_set = parameter_set_on(day)
    route = complaint_route_on(day)
    no_text = _("Niet vastgelegd voor dit product.")
    no_parameters = _("Niet vastgelegd: er zijn geen premieparameters op deze datum.")

    def from_text(key: str, label: str, name: str, *extra: str) -> SheetField:
        lines = _text(text, name)
        return SheetField(key, label, (*lines, *extra) if lines or extra else (), no_text)

    def from_parameters(key: str, label: str, line: str | None) -> SheetField:
        return SheetField(key, label, (line,) if line else (), no_parameters)

    charges = policy.employer_charges_pct
    charges_line = (
        _("%(pct)s bovenop het loon is mee verzekerd.") % {"pct": _percent(charges)}
        if charges
        else _("Niet mee verzekerd op deze polis (0%).")
    )
    intervention_limit = (
        _("Grens: de kosten zijn hoogstens %(pct)s van het loon dat tot week 104 nog moet worden doorbetaald.")
        % {"pct": _percent(parameter_set.intervention_limit_pct)}
        if parameter_set
        else ""
    )
    waiting_line = _(
        "De eerste %(days)s werkdagen van elke ziekmelding betaalt u het loon zelf; daarna vergoeden wij."
    ) % {"days": policy.waiting_days}
    sections = (
        SheetSection(
            "dekking",
            _("Dekking"),
            (
                SheetField("waiting_days", _("Eigenrisicodagen"), (waiting_line,), no_text),
                SheetField(
                    "coverage",
                    _("Dekking per jaar"),
                    (_("%(coverage)s van het loon dat u doorbetaalt.") % {"coverage": policy.get_coverage_display()},),
                    no_text,
                ),
            ),
        ),
        SheetSection(
            "vergoeding",
            _("Wat wij vergoeden"),
            (
                from_text("wage", _("Loon"), "wage"),
                SheetField(
                    "employer_charges",
                    _("Werkgeverslasten"),
                    (charges_line, *_text(text, "employer_charges")),
                    no_text,
                ),
                SheetField(
                    "interventions",
                    _("Interventies en voorwaarden"),
                    tuple(line for line in (*_text(text, "interventions"), intervention_limit) if line),
                    no_text,
                ),
            ),
        ),
        SheetSection(
            "diensten",
            _("Diensten"),
            (
                from_text("occupational_health_service", _("Arbodienst"), "occupational_health_service"),
                from_text(
                    "occupational_health_certification",
                    _("Certificering arbodienst"),
                    "occupational_health_certification",
                ),
                from_text("casemanager", _("Casemanager"), "casemanager"),
                from_text("welcome_call", _("Welkomstgesprek"), "welcome_call"),
                from_text("prevention_check", _("Preventiecheck"), "prevention_check"),
                from_text("relapse_prevention", _("Terugvalpreventie"), "relapse_prevention"),
            ),
        ),
        SheetSection(
            "poortwachtergarantie",
            _("Poortwachtergarantie"),
            (
                from_text("poortwachter_guarantee", _("Poortwachtergarantie"), "poortwachter_guarantee"),
                from_text("poortwachter_conditions", _("Voorwaarden Poortwachtergarantie"), "poortwachter_conditions"),
            ),
        ),
        SheetSection(
            "premie",
            _("Premie"),
            (
                from_text("premium_basis", _("Premiegrondslag"), "premium_basis"),
                from_parameters(
                    "wage_cap",
                    _("Maximumpremieloon"),
                    _("%(amount)s per werknemer per jaar.") % {"amount": numbers.format_euro(parameter_set.wage_cap)}
                    if parameter_set
                    else None,
                ),
                from_parameters(
                    "rise_cap",
                    _("Begrenzing premiestijging"),
                    _("Uw eigenverzuimfactor stijgt hoogstens %(pct)s per jaar.")
                    % {"pct": _percent(parameter_set.rise_cap_pct)}
                    if parameter_set
                    else None,
                ),
                SheetField(
                    "payment_term",
                    _("Premietermijn"),
                    (
                        _("%(term)s, binnen de betaaltermijn op de premienota.")
                        % {"term": policy.get_payment_term_display()},
                    ),
                    no_text,
                ),
            ),
        ),
        SheetSection(
            "klachten",
            _("Klachten"),
            (
                SheetField(
                    "complaints_route",
                    _("Klachtenroute"),
                    _text(text, "complaints_route"),
                    no_text,
                    (_("Klacht indienen in het portaal"), route.portal_path, route.portal_url) if route else None,
                ),
                _complaint_terms(route),
            ),
        ),
        SheetSection(
            "opzeggen",
            _("Opzeggen"),
            (from_text("notice_period", _("Opzegtermijn"), "notice_period"),),
        ),
    )
    return ProductSheet(policy=policy, day=day, text=text, parameter_set=parameter_set, sections=sections)


def _complaint_terms(route: ComplaintRoute | None) -> SheetField:
    label = _("Termijnen klachtafhandeling")
    missing = _("Niet vastgelegd: er zijn geen termijnen voor klachtafhandeling op deze datum.")
    if route is None:
        return SheetField("complaint_terms", label, (), missing)
    return SheetField(
        "complaint_terms",
        label,
        (
            _(
                "Wij bevestigen de ontvangst van uw klacht binnen %(days)s werkdagen en beantwoorden haar binnen "
                "%(weeks)s weken."
            )
            % {"days": route.acknowledge_working_days, "weeks": route.answer_weeks},
            _(
                "Bent u het niet eens met ons antwoord, dan kunt u uw klacht voorleggen aan de externe "
                "klachtenregeling van het convenant, of binnen %(months)s maanden na ons antwoord aan het "
                "Klachteninstituut Financiële Dienstverlening (Kifid), dat klachten van ondernemers alleen in "
                "bepaalde gevallen behandelt."
            )
            % {"months": route.external_months_after_answer},
        ),
        missing,
    )
