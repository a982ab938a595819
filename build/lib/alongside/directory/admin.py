from django.contrib import admin

from alongside.directory.models import Facility, FacilitySource


@admin.register(FacilitySource)
class FacilitySourceAdmin(admin.ModelAdmin):
    list_display = ["label", "key", "is_sample", "imported_at"]


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    """Read-only: facilities change by import (``alongside import_facilities`` or the upload page)."""

    list_display = ["name", "city", "region", "postal_code", "source", "updated_at"]
    list_filter = ["source", "country"]
    search_fields = ["name", "city", "postal_code", "source_ref"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
