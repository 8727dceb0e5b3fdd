from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Invitation, Network, Organization, User


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality_code", "org_number", "county_name", "is_active"]
    list_filter = ["kind", "county_name", "is_active"]
    search_fields = ["name", "municipality_code", "org_number"]
    prepopulated_fields = {"slug": ["name"]}
    # Deactivation goes through organizations.services.organization_set_active (the one
    # door: it also ends the people's sessions), on the platform operator's page.
    readonly_fields = ["is_active"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    filter_horizontal = ["members"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "organization", "roles", "is_active"]
    list_filter = ["is_active", "is_staff", "organization__kind"]
    search_fields = ["email", "full_name"]
    raw_id_fields = ["organization"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "title", "department", "language")}),
        (_("Organisation"), {"fields": ("organization", "roles")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    # Deactivation goes through organizations.services.user_set_active (the one door: it
    # ends the person's sessions and keeps an administrator); users are never deleted, their
    # history stays theirs.
    readonly_fields = ["is_active"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "roles", "expires_at", "accepted_at", "revoked_at"]
    raw_id_fields = ["organization", "invited_by", "accepted_user"]
    readonly_fields = ["token_hash"]
