from django.contrib import admin

from meedoen.audit.admin import AuditedModelAdmin
from meedoen.budgets.models import (
    BudgetLine,
    BudgetRound,
    Expense,
    GroupMembership,
    Initiative,
    ResidentGroup,
    Theme,
)


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


@admin.register(BudgetRound)
class BudgetRoundAdmin(AuditedModelAdmin):
    list_display = ["title", "kind", "district", "phase", "budget", "voting_start"]
    list_filter = ["kind", "phase"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ThemeInline]


class MembershipInline(admin.TabularInline):
    model = GroupMembership
    extra = 0
    fields = ["display_name", "accepted", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(ResidentGroup)
class ResidentGroupAdmin(AuditedModelAdmin):
    list_display = ["name", "district", "status"]
    list_filter = ["status", "district"]
    inlines = [MembershipInline]


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(AuditedModelAdmin):
    list_display = ["title", "round", "district", "status"]
    list_filter = ["status", "round"]
    search_fields = ["title"]
    # Status changes go through the workflow (timeline and audit), not through this form.
    readonly_fields = ["status"]
    inlines = [BudgetLineInline]


@admin.register(Expense)
class ExpenseAdmin(AuditedModelAdmin):
    list_display = ["description", "initiative", "amount", "status"]
    list_filter = ["status"]
    readonly_fields = ["status", "reviewed_by", "reviewed_at"]
