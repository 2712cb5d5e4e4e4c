from django.contrib import admin

from .models import MetalPrice


@admin.register(MetalPrice)
class MetalPriceAdmin(admin.ModelAdmin):
    list_display = ("date", "store", "material", "price_per_gram", "set_by")
    list_filter = ("metal", "store")
    readonly_fields = ("set_by",)
