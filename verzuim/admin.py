"""Admin for staff: users, employers and employees for the admin role only; the audit log is read-only there."""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from verzuim.admin_roles import ReadOnlyRoleAdminMixin, RoleAdminMixin
from verzuim.models import AuditLog, AuthenticatorDevice, Employee, Employer, User


@admin.register(User)
class UserAdmin(RoleAdminMixin, DjangoUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "role", "employer", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("email", "full_name")
    # An employee account (issue 22) is made by the invitation; the admin only sees which record it belongs to.
    raw_id_fields = ("employee",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Persoon en rol"), {"fields": ("full_name", "role", "employer", "employee", "region")}),
        (_("Rechten"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Datums"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "role", "employer", "password1", "password2")}),)


@admin.register(Employer)
class EmployerAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kvk_number", "payroll_tax_number", "sbi_code", "city", "casemanager")
    search_fields = ("name", "kvk_number", "payroll_tax_number")
    list_select_related = ("casemanager",)


@admin.register(Employee)
class EmployeeAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ("personnel_number", "first_name", "last_name", "employer", "employment_start", "employment_end")
    search_fields = ("personnel_number", "last_name")
    list_select_related = ("employer",)
    raw_id_fields = ("employer",)


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyRoleAdminMixin, admin.ModelAdmin):
    list_display = ("at", "actor_email", "action", "object_type", "object_id", "employer")
    list_filter = ("action", "object_type")
    search_fields = ("actor_email", "object_id")
    list_select_related = ("employer",)


# django-otp registers its TOTP device under English names; the portal shows the same rows as "authenticator-apps"
# (verzuim.models.AuthenticatorDevice, a proxy) with Dutch column names and sections (issue 21 item 5).
admin.site.unregister(TOTPDevice)


@admin.register(AuthenticatorDevice)
class AuthenticatorDeviceAdmin(TOTPDeviceAdmin):
    list_display = ("device_user", "device_name", "device_created_at", "device_last_used_at", "device_confirmed")
    search_help_text = None  # with it, axe read the search box as labelled by its description only

    @admin.display(description=_("Gebruiker"), ordering="user__email")
    def device_user(self, device: AuthenticatorDevice) -> object:
        return device.user

    @admin.display(description=_("Naam"), ordering="name")
    def device_name(self, device: AuthenticatorDevice) -> str:
        return device.name

    @admin.display(description=_("Aangemaakt op"), ordering="created_at")
    def device_created_at(self, device: AuthenticatorDevice) -> object:
        return device.created_at

    @admin.display(description=_("Laatst gebruikt op"), ordering="last_used_at")
    def device_last_used_at(self, device: AuthenticatorDevice) -> object:
        return device.last_used_at

    @admin.display(description=_("Bevestigd"), boolean=True, ordering="confirmed")
    def device_confirmed(self, device: AuthenticatorDevice) -> bool:
        return device.confirmed

    def get_list_display(self, request: HttpRequest) -> Any:
        return self.list_display  # without the QR-code column: the secret stays out of lists

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        titles = {
            "Identity": _("Gebruiker en naam"),
            "Timestamps": _("Tijdstippen"),
            "Configuration": _("Instellingen"),
            "State": _("Stand van de klok"),
            "Throttling": _("Vertraging na mislukte codes"),
        }
        return [
            (titles.get(title, title) if title else None, options)
            for title, options in super().get_fieldsets(request, obj)
        ]


class PathListFilter(admin.AllValuesFieldListFilter):
    """django-axes filters its logs by path; a login without one (an API call) gave a filter link without text."""

    def choices(self, changelist: Any) -> Any:
        for choice in super().choices(changelist):
            if choice["display"] == "":
                choice = {**choice, "display": _("(zonder pad)")}
            yield choice


def _with_path_filter(admin_class: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    filters = [("path_info", PathListFilter) if f == "path_info" else f for f in admin_class.list_filter]
    return type(admin_class.__name__, (admin_class,), {"list_filter": filters})


for _model, _admin_class in (
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    admin.site.unregister(_model)
    admin.site.register(_model, _with_path_filter(_admin_class))
