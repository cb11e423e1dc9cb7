"""Admin for staff: users, employers and employees for the admin role only; the audit log is read-only there."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from verzuim.admin_roles import ReadOnlyRoleAdminMixin, RoleAdminMixin
from verzuim.models import AuditLog, Employee, Employer, User


@admin.register(User)
class UserAdmin(RoleAdminMixin, DjangoUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "role", "employer", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Persoon en rol"), {"fields": ("full_name", "role", "employer", "region")}),
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
