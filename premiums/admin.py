from __future__ import annotations

from django.contrib import admin

from premiums.models import Policy, Product


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("code", "name")


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ("policy_number", "employer", "product", "start_date", "waiting_days", "coverage", "status")
    list_filter = ("status", "coverage", "waiting_days")
    search_fields = ("policy_number", "employer__name", "employer__kvk_number")
    list_select_related = ("employer", "product")
    raw_id_fields = ("employer",)
