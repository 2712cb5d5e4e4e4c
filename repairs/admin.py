from django.contrib import admin

from .models import ServiceType, StoreClosedDay


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    """The chain's catalogue: chain managers edit names, price rules, prices and turnaround here."""

    list_display = ("name", "code", "job_type", "price_rule", "price", "turnaround_days", "is_active", "sort")
    list_editable = ("price", "turnaround_days", "is_active", "sort")
    list_filter = ("job_type", "price_rule", "is_active")


@admin.register(StoreClosedDay)
class StoreClosedDayAdmin(admin.ModelAdmin):
    list_display = ("date", "store", "note")
    list_filter = ("store",)
