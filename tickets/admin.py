from django.contrib import admin

from .models import CaseCategory, OfficialDay, OfficialYear, RootCause


@admin.register(CaseCategory, RootCause)
class ListAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "is_active", "sort")


class OfficialDayInline(admin.TabularInline):
    model = OfficialDay
    extra = 0


@admin.register(OfficialYear)
class OfficialYearAdmin(admin.ModelAdmin):
    list_display = ("year", "source", "added_by", "added_at")
    inlines = [OfficialDayInline]
    readonly_fields = ("added_by",)
