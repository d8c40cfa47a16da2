from django.contrib import admin

from meedoen.audit.admin import AuditedModelAdmin
from meedoen.kinderraad.models import Application, Council, CouncilQuota, School


class CouncilQuotaInline(admin.TabularInline):
    model = CouncilQuota
    extra = 1


@admin.register(Council)
class CouncilAdmin(AuditedModelAdmin):
    list_display = ["title", "school_year", "size", "drawn_at"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["seed", "drawn_at"]
    inlines = [CouncilQuotaInline]


@admin.register(School)
class SchoolAdmin(AuditedModelAdmin):
    list_display = ["name", "district", "contact_name"]
    list_filter = ["district"]
    search_fields = ["name"]


@admin.register(Application)
class ApplicationAdmin(AuditedModelAdmin):
    list_display = ["first_name", "school", "grade", "council", "selected"]
    list_filter = ["council", "school", "selected"]
