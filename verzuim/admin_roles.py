"""Who sees which model in the Django admin, decided by the portal role.

The portal grants no Django group or model permissions. Each ModelAdmin (or inline) names the roles that
may look at its model and the roles that may also add, change and delete; a superuser (the admin role)
keeps everything, and every other role does not see the model at all (403, absent from the index).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django.db import models
from django.http import HttpRequest

from verzuim.forms import DutchDecimalField
from verzuim.models import Role


def admin_full_access(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and (user.is_superuser or getattr(user, "role", None) == Role.ADMIN))


def admin_role_in(request: HttpRequest, roles: frozenset[str]) -> bool:
    return admin_full_access(request) or (request.user.is_active and getattr(request.user, "role", None) in roles)


class RoleAdminMixin:
    """Put before `admin.ModelAdmin` or an inline: `class ComplaintAdmin(RoleAdminMixin, admin.ModelAdmin)`.

    `view_roles` may look (read-only), `edit_roles` may also add, change and delete. A subclass narrows
    further by overriding a method and calling super() (e.g. no change once a record is history).
    """

    view_roles: ClassVar[frozenset[str]] = frozenset()
    edit_roles: ClassVar[frozenset[str]] = frozenset()
    # Amounts, factors and percentages are Dutch in the admin too: "81.000,00", never "1.500" read as 1,5.
    formfield_overrides: ClassVar[Mapping[type[models.Field[Any, Any]], Mapping[str, Any]]] = {
        models.DecimalField: {"form_class": DutchDecimalField}
    }

    def has_module_permission(self, request: HttpRequest) -> bool:
        return admin_role_in(request, self.view_roles | self.edit_roles)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin_role_in(request, self.view_roles | self.edit_roles)

    # `obj` is optional: a ModelAdmin asks without it, an inline with the parent object.
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin_role_in(request, self.edit_roles)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin_role_in(request, self.edit_roles)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin_role_in(request, self.edit_roles)


class ReadOnlyRoleAdminMixin(RoleAdminMixin):
    """A RoleAdminMixin for records nobody adds, changes or deletes in the admin, the admin role included (they are
    written by a service or are history); `view_roles` may look."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
