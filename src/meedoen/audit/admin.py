from django.contrib import admin

from meedoen.audit.models import AuditEvent
from meedoen.audit.services import record


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "action", "object_repr"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose every add, change and delete lands in the audit log."""

    def log_addition(self, request, obj, message):
        record(request.user, "admin.add", obj, changes={"message": str(message)})
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        record(request.user, "admin.change", obj, changes={"message": str(message)})
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            record(request.user, "admin.delete", obj)
        return super().log_deletions(request, queryset)
