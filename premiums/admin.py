"""Admin of products, policies and the dated premium parameters.

Insurer staff keep the premium parameters here. A set that a premium calculation used is history: it is
shown read-only, with the action "Nieuwe versie maken" that copies it into the next version
(docs/decisions.md #66-#71). Products and policies they may only view.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.forms.formsets import DELETION_FIELD_NAME
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from premiums import parameters, services, services_parameters
from premiums.models import (
    AgeMixFactor,
    Coverage,
    CoverageFactor,
    CredibilityPoint,
    InsurerDetails,
    ParameterSet,
    ParameterSetLocked,
    Policy,
    PremiumCalculation,
    Product,
    ProductSheetText,
    SbiSection,
    SectorParameter,
    WaitingDays,
    WaitingDaysFactor,
)
from verzuim.admin_roles import RoleAdminMixin
from verzuim.audit import audit_diff
from verzuim.models import Role, User

INSURER = frozenset({Role.INSURER})


@admin.register(Product)
class ProductAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_roles = INSURER
    list_display = ("code", "name")


@admin.register(Policy)
class PolicyAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_roles = INSURER
    list_display = ("policy_number", "employer", "product", "start_date", "waiting_days", "coverage", "status")
    list_filter = ("status", "coverage", "waiting_days")
    search_fields = ("policy_number", "employer__name", "employer__kvk_number")
    list_select_related = ("employer", "product")
    raw_id_fields = ("employer",)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        # Read-only: the employer as text, not as a link to an employer page this role may not open.
        return ["employer_name" if name == "employer" else name for name in fields]

    @admin.display(description=gettext_lazy("werkgever"))
    def employer_name(self, obj: Policy) -> str:
        return str(obj.employer)

    def save_model(self, request: HttpRequest, obj: Policy, form: Any, change: bool) -> None:
        # A new policy goes through its service: the audit row, and the welcome call of a new policyholder.
        if change:
            super().save_model(request, obj, form, change)
        else:
            services.policy_create(created_by=request.user, policy=obj)  # type: ignore[arg-type]


# --- Premium parameters ----------------------------------------------------------------------------------


def _is_used(parameter_set: ParameterSet | None) -> bool:
    if parameter_set is None or parameter_set.pk is None:
        return False
    annotated = getattr(parameter_set, "used", None)
    return parameter_set.is_used if annotated is None else bool(annotated)


class ParameterRowFormSet(BaseInlineFormSet):
    """Checks its table as a whole with the loader's own rule (premiums.parameters) before anything is saved."""

    def table_problems(self, rows: list[dict[str, Any]]) -> list[str]:
        raise NotImplementedError

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        rows = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get(DELETION_FIELD_NAME)
        ]
        found = self.table_problems(rows)
        if found:
            raise ValidationError(found)


class SectorFormSet(ParameterRowFormSet):
    def table_problems(self, rows: list[dict[str, Any]]) -> list[str]:
        return parameters.sector_problems(row["sbi_section"] for row in rows)


class WaitingDaysFormSet(ParameterRowFormSet):
    def table_problems(self, rows: list[dict[str, Any]]) -> list[str]:
        return parameters.waiting_days_problems(row["waiting_days"] for row in rows)


class CoverageFormSet(ParameterRowFormSet):
    def table_problems(self, rows: list[dict[str, Any]]) -> list[str]:
        return parameters.coverage_problems(row["coverage"] for row in rows)


class AgeMixFormSet(ParameterRowFormSet):
    def table_problems(self, rows: list[dict[str, Any]]) -> list[str]:
        return parameters.age_mix_problems(row["from_age"] for row in rows)


class CredibilityFormSet(ParameterRowFormSet):
    def table_problems(self, rows: list[dict[str, Any]]) -> list[str]:
        return parameters.credibility_problems((row["employees"], row["weight_pct"]) for row in rows)


class ParameterRowInline(RoleAdminMixin, admin.TabularInline):
    """A table of a set. Tables with a fixed option list open with a row per missing option filled in;
    all of it is read-only once the set is used."""

    view_roles = INSURER
    edit_roles = INSURER
    # The field whose every option needs a row, and those options in display order.
    option_field: ClassVar[str | None] = None
    options: ClassVar[tuple[Any, ...]] = ()
    # Free tables (age/wage mix, credibility): empty rows offered on a new set and on an existing one.
    extra_new: ClassVar[int] = 5
    extra_existing: ClassVar[int] = 1
    initial_new: ClassVar[tuple[dict[str, Any], ...]] = ()

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_add_permission(request, obj) and not _is_used(obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and not _is_used(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and not _is_used(obj)

    def initial_rows(self, parameter_set: ParameterSet | None) -> list[dict[str, Any]]:
        """Initial values of the empty rows (the same on the form and on its POST, or has_changed lies)."""
        if _is_used(parameter_set):
            return []
        is_new = parameter_set is None or parameter_set.pk is None
        if self.option_field is None:
            return list(self.initial_new) if is_new else []
        present: set[Any] = set()
        if not is_new:
            present = set(
                self.model.objects.filter(parameter_set=parameter_set).values_list(self.option_field, flat=True)
            )
        return [{self.option_field: option} for option in self.options if option not in present]

    def get_extra(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> int:
        if _is_used(obj):
            return 0
        if self.option_field is not None:
            return len(self.initial_rows(obj))
        return self.extra_new if obj is None else self.extra_existing


class SectorInline(ParameterRowInline):
    model = SectorParameter
    formset = SectorFormSet
    fields = ("sbi_section", "rate_pct", "expected_absence_pct")
    option_field = "sbi_section"
    options = tuple(SbiSection.values)


class WaitingDaysInline(ParameterRowInline):
    model = WaitingDaysFactor
    formset = WaitingDaysFormSet
    fields = ("waiting_days", "factor")
    option_field = "waiting_days"
    options = tuple(WaitingDays.values)


class CoverageInline(ParameterRowInline):
    model = CoverageFactor
    formset = CoverageFormSet
    fields = ("coverage", "factor")
    option_field = "coverage"
    options = tuple(Coverage.values)


class AgeMixInline(ParameterRowInline):
    model = AgeMixFactor
    formset = AgeMixFormSet
    fields = ("from_age", "factor")
    initial_new = ({"from_age": 0},)


class CredibilityInline(ParameterRowInline):
    model = CredibilityPoint
    formset = CredibilityFormSet
    fields = ("employees", "weight_pct")


class ParameterSetForm(ModelForm):
    class Meta:
        model = ParameterSet
        fields = ("valid_from", "description", "wage_cap", "rise_cap_pct", "intervention_limit_pct")

    def clean_valid_from(self) -> Any:
        valid_from = self.cleaned_data["valid_from"]
        if self.instance.pk is None or "valid_from" in self.changed_data:
            problem = services_parameters.parameter_set_valid_from_problem(
                valid_from=valid_from, parameter_set=self.instance
            )
            if problem:
                raise ValidationError(problem)
        return valid_from


def _admin_changes(form: ModelForm, formsets: Iterable[BaseInlineFormSet]) -> dict[str, Any]:
    """What one admin save changed, before and after, for the audit row."""
    changes: dict[str, Any] = {}
    names = form.changed_data
    fields = audit_diff({n: form.initial.get(n) for n in names}, {n: form.cleaned_data.get(n) for n in names})
    if fields:
        changes["fields"] = fields
    rows: list[dict[str, Any]] = []
    for formset in formsets:
        table = formset.model._meta.model_name
        rows += [{"table": table, "added": str(row)} for row in formset.new_objects]
        rows += [{"table": table, "deleted": str(row)} for row in formset.deleted_objects]
        changed = {row.pk for row, _fields in formset.changed_objects}
        for row_form in formset.initial_forms:
            if row_form.instance.pk in changed:
                names = row_form.changed_data
                before = {n: row_form.initial.get(n) for n in names}
                rows.append(
                    {
                        "table": table,
                        "changed": str(row_form.instance),
                        "fields": audit_diff(before, {n: row_form.cleaned_data.get(n) for n in names}),
                    }
                )
    if rows:
        changes["rows"] = rows
    return changes


@admin.register(ParameterSet)
class ParameterSetAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_roles = INSURER
    edit_roles = INSURER
    form = ParameterSetForm
    list_display = ("valid_from", "description", "wage_cap", "rise_cap_pct", "in_use", "complete")
    ordering = ("-valid_from",)
    fieldsets = (
        (None, {"fields": ("valid_from", "description", "wage_cap", "rise_cap_pct", "intervention_limit_pct")}),
        (None, {"fields": ("controle",)}),
    )
    readonly_fields = ("controle",)
    inlines = (SectorInline, WaitingDaysInline, CoverageInline, AgeMixInline, CredibilityInline)
    actions = ("make_new_version",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ParameterSet]:
        return (
            super()
            .get_queryset(request)
            .annotate(used=Exists(PremiumCalculation.objects.filter(parameter_set=OuterRef("pk"))))
            .prefetch_related(
                "sectorparameter_set",
                "waitingdaysfactor_set",
                "coveragefactor_set",
                "agemixfactor_set",
                "credibilitypoint_set",
            )
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and not _is_used(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and not _is_used(obj)

    @admin.display(description=gettext_lazy("in gebruik"), boolean=True)
    def in_use(self, obj: ParameterSet) -> bool:
        return _is_used(obj)

    @admin.display(description=gettext_lazy("compleet"))
    def complete(self, obj: ParameterSet) -> str:
        found = parameters.problems(obj)
        return " ".join([_("Nee:"), *found]) if found else _("Ja")

    @admin.display(description=gettext_lazy("controle"))
    def controle(self, obj: ParameterSet) -> str | SafeString:
        if obj.pk is None:
            return _("Wordt gecontroleerd bij het opslaan.")
        found = parameters.problems(obj)
        if not found:
            return _("Compleet: deze parameters kunnen voor een premieberekening worden gebruikt.")
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((problem,) for problem in found)))

    def get_formset_kwargs(self, request: HttpRequest, obj: Any, inline: Any, prefix: str) -> dict[str, Any]:
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, ParameterRowInline):
            kwargs["initial"] = inline.initial_rows(obj)
        return kwargs

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = dict(extra_context or {})
        parameter_set = self.get_object(request, object_id)
        if parameter_set is not None and _is_used(parameter_set):
            extra_context["calculation_count"] = parameter_set.calculations.count()
        return super().change_view(request, object_id, form_url, extra_context)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ParameterSetLocked as locked:
            # A calculation used the set while this form was open; the transaction is rolled back.
            self.message_user(request, str(locked), messages.ERROR)
            return HttpResponseRedirect(request.path)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except ParameterSetLocked as locked:
            self.message_user(request, str(locked), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:premiums_parameterset_change", args=[object_id]))

    def save_model(self, request: HttpRequest, obj: ParameterSet, form: Any, change: bool) -> None:
        if change:
            services_parameters.parameter_set_lock_for_edit(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        assert isinstance(request.user, User)
        services_parameters.parameter_set_record_admin_save(
            saved_by=request.user,
            parameter_set=form.instance,
            created=not change,
            changes=_admin_changes(form, formsets),
        )

    @admin.action(description=gettext_lazy("Nieuwe versie maken"), permissions=["add"])
    def make_new_version(self, request: HttpRequest, queryset: QuerySet[ParameterSet]) -> HttpResponse | None:
        if len(queryset) != 1:
            self.message_user(
                request, _("Kies één set premieparameters om een nieuwe versie van te maken."), messages.WARNING
            )
            return None
        assert isinstance(request.user, User)
        copy = services_parameters.parameter_set_copy(copied_by=request.user, parameter_set=queryset[0])
        self.message_user(
            request,
            _("Nieuwe versie aangemaakt, geldig vanaf %(date)s. Controleer de datum en pas de waarden aan.")
            % {"date": copy.valid_from.strftime("%d-%m-%Y")},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:premiums_parameterset_change", args=[copy.pk]))


# --- The product sheet's texts and the insurer's details: dated versions (premiums.product_sheet, premiums.notice) -


@admin.register(ProductSheetText)
class ProductSheetTextAdmin(RoleAdminMixin, admin.ModelAdmin):
    """The texts of a product's sheet. A change from a date is a new version with that valid-from date; the sheet
    of a day shows the latest version valid on it. An empty field is shown on the sheet as "not recorded"."""

    view_roles = INSURER
    edit_roles = INSURER
    list_display = ("product", "valid_from")
    list_filter = ("product",)
    ordering = ("product", "-valid_from")
    fieldsets = (
        (None, {"fields": ("product", "valid_from")}),
        (gettext_lazy("Wat wij vergoeden"), {"fields": ("wage", "employer_charges", "interventions")}),
        (
            gettext_lazy("Diensten"),
            {
                "fields": (
                    "occupational_health_service",
                    "occupational_health_certification",
                    "casemanager",
                    "welcome_call",
                    "prevention_check",
                    "relapse_prevention",
                )
            },
        ),
        (gettext_lazy("Poortwachtergarantie"), {"fields": ("poortwachter_guarantee", "poortwachter_conditions")}),
        (
            gettext_lazy("Premie, klachten en opzeggen"),
            {"fields": ("premium_basis", "complaints_route", "notice_period")},
        ),
    )


@admin.register(InsurerDetails)
class InsurerDetailsAdmin(RoleAdminMixin, admin.ModelAdmin):
    """The letterhead, registrations, account and payment term of the premium notice, valid from a date."""

    view_roles = INSURER
    edit_roles = INSURER
    list_display = ("valid_from", "name", "iban", "payment_term_days")
    ordering = ("-valid_from",)
