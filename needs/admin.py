from django.contrib import admin

from .models import Need


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    """Technical administration; the benchmark compares the needs list with this."""

    list_display = ("title", "organization", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("title",)
    raw_id_fields = ("organization", "author", "merged_into", "challenge", "answered_by")
    readonly_fields = ("search_vector",)
