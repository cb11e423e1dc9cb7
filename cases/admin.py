"""Admin of the registry of certified professionals and of the retention terms: insurer staff keep them.

Registrations and certificates are history: they can be added, never changed or deleted; a renewal or a
correction is a new row that supersedes the earlier one from its start date (cases/professionals/registration.py).
Every new row goes through cases.professionals.services.registration_record (validation and audit).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from cases.interventions.models import InterventionKind, Provider
from cases.professionals import models as models_professionals
from cases.professionals import services as services_professionals
from cases.retention.models import RetentionTerm
from verzuim.admin_roles import RoleAdminMixin
from verzuim.auth import portal_user
from verzuim.models import Role

INSURER = frozenset({Role.INSURER})


class PeopleAsTextMixin:
    """Read-only references to users and employers as text: a link would lead insurer staff to a 403."""

    @admin.display(description=gettext_lazy("vastgelegd door"))
    def recorded_by_name(self, obj: Any) -> str:
        return obj.recorded_by.get_full_name() if obj is not None and obj.recorded_by else "-"

    @admin.display(description=gettext_lazy("naam"))
    def user_name(self, obj: Any) -> str:
        return f"{obj.user.get_full_name()} ({obj.user.email})" if obj is not None and obj.user_id else "-"

    @admin.display(description=gettext_lazy("werkgever"))
    def employer_name(self, obj: Any) -> str:
        return str(obj.employer) if obj is not None else "-"


class AddOnlyMixin(PeopleAsTextMixin, RoleAdminMixin):
    """Rows of history: insurer staff add them; nobody changes or deletes one afterwards."""

    edit_roles = INSURER

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class HistoryInline(AddOnlyMixin, admin.TabularInline):
    extra = 0
    readonly_fields = ("recorded_by_name", "recorded_at")


class CertificateInline(HistoryInline):
    model = models_professionals.ArbodienstCertificate
    fields = ("kind", "number", "valid_from", "valid_until", "recorded_by_name", "recorded_at")


class LabourExpertRegistrationInline(HistoryInline):
    model = models_professionals.LabourExpertRegistration
    fields = ("register_number", "arbodienst", "valid_from", "valid_until", "recorded_by_name", "recorded_at")


class RecordsHistoryMixin:
    """Saves the arbodienst or labour expert and its new inline rows through the registry service."""

    def save_model(
        self,
        request: HttpRequest,
        obj: models_professionals.Arbodienst | models_professionals.LabourExpert,
        form: ModelForm,
        change: bool,
    ) -> None:
        services_professionals.registry_entity_save(recorded_by=portal_user(request), entity=obj)

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool) -> None:
        for row in formset.save(commit=False):
            services_professionals.registration_record(recorded_by=portal_user(request), row=row)


@admin.register(models_professionals.Arbodienst)
class ArbodienstAdmin(RecordsHistoryMixin, RoleAdminMixin, admin.ModelAdmin):
    edit_roles = INSURER
    list_display = ("name", "kvk_number", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "kvk_number", "certificates__number")
    inlines = (CertificateInline,)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # its certificates and registrations are history


@admin.register(models_professionals.LabourExpert)
class LabourExpertAdmin(RecordsHistoryMixin, RoleAdminMixin, admin.ModelAdmin):
    edit_roles = INSURER
    list_display = ("name", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "registrations__register_number")
    inlines = (LabourExpertRegistrationInline,)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RegistrationAdmin(AddOnlyMixin, admin.ModelAdmin):
    # What is entered when adding, the person first; an existing row shows them read-only.
    entry_fields: ClassVar[tuple[str, ...]] = ()
    readonly_fields = ("user_name", "recorded_by_name", "recorded_at")
    list_select_related = ("user", "arbodienst")
    date_hierarchy = "valid_from"

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return self.entry_fields
        return ("user_name", *self.entry_fields[1:], "recorded_by_name", "recorded_at")

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        services_professionals.registration_record(recorded_by=portal_user(request), row=obj)


@admin.register(models_professionals.PhysicianRegistration)
class PhysicianRegistrationAdmin(RegistrationAdmin):
    entry_fields = ("user", "big_number", "arbodienst", "valid_from", "registered_until")
    list_display = ("user", "big_number", "arbodienst", "valid_from", "registered_until")
    search_fields = ("user__full_name", "user__email", "big_number")


@admin.register(models_professionals.CasemanagerRegistration)
class CasemanagerRegistrationAdmin(RegistrationAdmin):
    entry_fields = ("user", "basis", "register_name", "register_number", "arbodienst", "valid_from", "valid_until")
    list_display = ("user", "basis", "register_name", "register_number", "arbodienst", "valid_from", "valid_until")
    list_filter = ("basis",)
    search_fields = ("user__full_name", "user__email", "register_number")


@admin.register(models_professionals.EmployerArbodienst)
class EmployerArbodienstAdmin(PeopleAsTextMixin, RoleAdminMixin, admin.ModelAdmin):
    """What employers recorded about their own arbodienst: insurer staff look, the employer records."""

    view_roles = INSURER
    fields = ("employer_name", "name", "certificate_number", "recorded_by_name", "recorded_at")
    readonly_fields = fields
    list_display = ("employer", "name", "certificate_number", "recorded_at")
    search_fields = ("employer__name", "name", "certificate_number")
    list_select_related = ("employer",)


class ProviderForm(ModelForm):
    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("soorten interventies"),
        choices=InterventionKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Provider
        fields = ("name", "kinds", "kvk_number", "is_active")


@admin.register(Provider)
class ProviderAdmin(RoleAdminMixin, admin.ModelAdmin):
    """The network of intervention providers; their scores come from casemanagers, never from here."""

    edit_roles = INSURER
    form = ProviderForm
    list_display = ("name", "kvk_number", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "kvk_number")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # interventions and scores refer to it; set it inactive instead


@admin.register(RetentionTerm)
class RetentionTermAdmin(RoleAdminMixin, admin.ModelAdmin):
    """The retention terms are parameters (cases.retention): insurer staff add a term valid from a later date. A
    term in force today or before is history: the sweep may have used it, so it is not changed or deleted."""

    view_roles = INSURER
    edit_roles = INSURER
    list_display = ("subject", "months", "valid_from", "source")
    list_filter = ("subject",)
    ordering = ("subject", "-valid_from")

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "source_url":
            kwargs["assume_scheme"] = "https"  # a source typed without a scheme is an https address
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and not _term_in_force(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and not _term_in_force(obj)


def _term_in_force(term: RetentionTerm | None) -> bool:
    return term is not None and term.pk is not None and term.valid_from <= timezone.localdate()
