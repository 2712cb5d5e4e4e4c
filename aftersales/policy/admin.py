from django.contrib import admin

from .models import Rule


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    """Read-only: rules are created, edited and published in the policy pages, through the services."""

    list_display = ["code", "name", "store", "priority", "status", "valid_from", "valid_to", "version"]
    list_filter = ["status", "store"]
    search_fields = ["code", "name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
