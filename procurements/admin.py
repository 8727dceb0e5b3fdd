"""Admin: cases and contracts only. Bids are deliberately not registered: the admin site
must not reveal who bid, how many or anything of a bid before the opening."""

from django.contrib import admin

from .models import Contract, DelegationEntry, ProcurementCase


@admin.register(ProcurementCase)
class ProcurementCaseAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "lead_organization", "stage", "procedure")
    list_filter = ("stage", "procedure")
    search_fields = ("reference", "title")
    readonly_fields = ("reference", "stage", "stage_changed_at", "ended_at")
    raw_id_fields = ("lead_organization", "responsible_officer", "need_owner")
    filter_horizontal = ()

    def has_add_permission(self, request) -> bool:
        return False  # cases are opened through procurement_create (reference number, log)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # nothing of a case is ever hard-deleted


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ("title", "case", "kind", "start_date", "end_date")
    raw_id_fields = ("case", "signed_by")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DelegationEntry)
class DelegationEntryAdmin(admin.ModelAdmin):
    """Each municipality's delegation list: which role takes award and cancellation
    decisions, held by whom, up to which value."""

    list_display = ("role_title", "organization", "holder", "may_award", "may_cancel", "active")
    list_filter = ("active", "may_award", "may_cancel")
    search_fields = ("role_title", "organization__name", "holder__full_name")
    raw_id_fields = ("organization", "holder")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a delegation is ended (not in force), never deleted
