from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ConsentChange, Customer, CustomerTier, FollowUp, Purchase


@admin.register(CustomerTier)
class CustomerTierAdmin(admin.ModelAdmin):
    """Chain-defined tiers beyond regular and VIP: added here by a chain manager, no deploy."""

    list_display = ["code", "name", "rank", "is_active"]
    list_editable = ["rank", "is_active"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Customer records change only through the desk's services (they write the audit events)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Customer)
class CustomerAdmin(ReadOnlyAdmin):
    list_display = ["name", "phone_masked", "vip_tier", "home_store", "marketing_consent", "merged_into"]
    list_filter = ["home_store", "vip_tier", "marketing_consent"]
    search_fields = ["name", "phone_last4"]
    exclude = ["phone", "phone2"]

    @admin.display(description=_("mobile phone"))
    def phone_masked(self, obj):
        return obj.masked_phone


@admin.register(Purchase)
class PurchaseAdmin(ReadOnlyAdmin):
    list_display = ["receipt_number", "item", "store", "purchased_at", "price", "special_price", "source"]
    list_filter = ["store", "source", "special_price"]
    search_fields = ["receipt_number", "item"]


@admin.register(ConsentChange)
class ConsentChangeAdmin(ReadOnlyAdmin):
    list_display = ["customer", "kind", "given", "method", "at", "actor"]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ["customer", "reason", "due_date", "status", "attempts", "store"]
    list_filter = ["store", "status", "reason"]
