from django.contrib import admin

from meedoen.audit.admin import AuditedModelAdmin
from meedoen.shares.models import Partner, PartnerMember, Voucher, VoucherRedemption


class PartnerMemberInline(admin.TabularInline):
    model = PartnerMember
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Partner)
class PartnerAdmin(AuditedModelAdmin):
    list_display = ["name", "district", "active"]
    list_filter = ["active", "district"]
    search_fields = ["name", "address"]
    inlines = [PartnerMemberInline]


@admin.register(Voucher)
class VoucherAdmin(AuditedModelAdmin):
    """Read-only: vouchers are made on the staff page (so the codes get printed once)."""

    list_display = ["pk", "panel", "value", "valid_from", "valid_until", "issued_at"]
    list_filter = ["panel"]
    readonly_fields = [f.name for f in Voucher._meta.fields if f.name != "code_hash"]
    exclude = ["code_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(VoucherRedemption)
class VoucherRedemptionAdmin(AuditedModelAdmin):
    list_display = ["voucher", "partner", "at"]
    list_filter = ["partner"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
