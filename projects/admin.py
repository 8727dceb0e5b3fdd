from django.contrib import admin

from .models import (
    BudgetPeriod,
    CoFinancing,
    FunderReport,
    Goal,
    Grant,
    GroupMember,
    LogEntry,
    Meeting,
    Milestone,
    Project,
    ProjectGroup,
    Subproject,
)


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("title", "organization", "network", "start_date", "end_date", "state")
    list_filter = ("state",)
    search_fields = ("title",)
    raw_id_fields = ("project_manager", "created_by")
    inlines = [GoalInline]


@admin.register(Subproject)
class SubprojectAdmin(admin.ModelAdmin):
    list_display = ("title", "project", "state")
    list_filter = ("state",)
    raw_id_fields = ("challenges", "cases", "call_offs", "listings")


class CoFinancingInline(admin.TabularInline):
    model = CoFinancing
    extra = 0


class BudgetPeriodInline(admin.TabularInline):
    model = BudgetPeriod
    extra = 0


class FunderReportInline(admin.TabularInline):
    model = FunderReport
    extra = 0


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    list_display = ("project", "funder", "reference", "amount_granted_sek")
    inlines = [CoFinancingInline, BudgetPeriodInline, FunderReportInline]


class GroupMemberInline(admin.TabularInline):
    model = GroupMember
    raw_id_fields = ("user",)
    extra = 0


@admin.register(ProjectGroup)
class ProjectGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "project", "kind")
    inlines = [GroupMemberInline]


admin.site.register(Meeting)
admin.site.register(Milestone)
admin.site.register(LogEntry)
