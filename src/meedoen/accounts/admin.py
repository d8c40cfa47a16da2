from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from meedoen.accounts.models import RoleAssignment, User
from meedoen.audit.admin import AuditedModelAdmin


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    filter_horizontal = ["districts"]


@admin.register(User)
class MeedoenUserAdmin(AuditedModelAdmin, UserAdmin):
    list_display = ["username", "kind", "first_name", "last_name", "district", "is_active"]
    list_filter = ["kind", "is_active", "district"]
    inlines = [RoleAssignmentInline]
    readonly_fields = ["bsn_pseudonym", "last_login", "date_joined"]
    fieldsets = UserAdmin.fieldsets + (
        ("Meedoen", {"fields": ["kind", "bsn_pseudonym", "district", "postcode", "birth_year"]}),
    )
