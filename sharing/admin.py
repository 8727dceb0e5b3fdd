from django.contrib import admin

from .models import Category, ImpactFactor, Kit, KitItem, Listing, Location


@admin.register(ImpactFactor)
class ImpactFactorAdmin(admin.ModelAdmin):
    """Admins edit the factors; every save bumps the version, so completed reuses keep
    the figures (and version) they were counted with."""

    list_display = ("category", "kg_co2e_per_unit", "new_price_sek", "source_year", "version")
    readonly_fields = ("version", "updated_at")
    search_fields = ("category__path", "source")

    def save_model(self, request, obj, form, change):
        if change and form.changed_data:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("path", "name_sv", "name_en")
    search_fields = ("path", "name_sv", "name_en")


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ("name", "organization", "address", "latitude", "longitude", "is_primary")
    list_filter = ("organization",)


class KitItemInline(admin.TabularInline):
    model = KitItem
    extra = 1
    autocomplete_fields = ("listing",)


@admin.register(Kit)
class KitAdmin(admin.ModelAdmin):
    list_display = ("title", "organization", "visibility")
    inlines = [KitItemInline]


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    list_display = ("title", "organization", "mode", "quantity", "status")
    list_filter = ("organization", "mode", "status")
    search_fields = ("title",)
