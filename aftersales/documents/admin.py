from django.contrib import admin

from .models import StatusToken, StoredDocument


@admin.register(StoredDocument)
class StoredDocumentAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "subject_type", "subject_id", "version", "sha256", "created_by"]
    list_filter = ["kind", "store"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StatusToken)
class StatusTokenAdmin(admin.ModelAdmin):
    list_display = ["subject_type", "subject_id", "created_at", "revoked_at"]
    readonly_fields = ["subject_type", "subject_id", "token", "created_at", "revoked_at"]

    def has_add_permission(self, request):
        return False
