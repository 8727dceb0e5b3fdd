from django.urls import path

from . import location_views, upkeep_views
from .views import bookings as bookings_views
from .views import exchange as exchange_views
from .views import impact as impact_views
from .views import kits as kits_views
from .views import listings as listings_views
from .views import logistics as logistics_views

app_name = "sharing"
urlpatterns = [
    path("", listings_views.listing_list, name="listing-list"),
    path("export.csv", listings_views.listing_list_csv, name="listing-list-csv"),
    path("listings/new/", listings_views.listing_create, name="listing-create"),
    path("listings/<int:pk>/", listings_views.listing_detail, name="listing-detail"),
    path("listings/<int:pk>/edit/", listings_views.listing_edit, name="listing-edit"),
    path("listings/<int:pk>/withdraw/", listings_views.listing_withdraw, name="listing-withdraw"),
    path("listings/<int:pk>/photos/", listings_views.photo_add, name="photo-add"),
    path("listings/<int:pk>/labels/", listings_views.listing_labels, name="listing-labels"),
    path("listings/<int:pk>/reserve/", bookings_views.booking_create, name="booking-create"),
    path("listings/<int:pk>/waitlist/", bookings_views.waitlist_join, name="waitlist-join"),
    path("listings/<int:pk>/exchange/", exchange_views.exchange_create, name="exchange-create"),
    path("exchanges/", exchange_views.exchange_list, name="exchange-list"),
    path("exchanges/<int:pk>/", exchange_views.exchange_detail, name="exchange-detail"),
    path(
        "exchanges/<int:pk>/<str:action>/",
        exchange_views.exchange_action,
        name="exchange-action",
    ),
    path("photos/<int:pk>/move/", upkeep_views.photo_move, name="photo-move"),
    path("photos/<int:pk>/delete/", upkeep_views.photo_delete, name="photo-delete"),
    path("photos/<int:pk>/<str:variant>/", listings_views.photo_file, name="photo-file"),
    path("u/<str:code>/", listings_views.unit_label, name="unit-label"),
    path("reservations/", bookings_views.booking_list, name="booking-list"),
    path("reservations/export.csv", bookings_views.booking_list_csv, name="booking-list-csv"),
    path("reservations/<int:pk>/", bookings_views.booking_detail, name="booking-detail"),
    path("reservations/<int:pk>/extend/", upkeep_views.booking_extend, name="booking-extend"),
    path(
        "reservations/<int:pk>/<str:action>/", bookings_views.booking_action, name="booking-action"
    ),
    path("kits/", kits_views.kit_list, name="kit-list"),
    path("kits/new/", upkeep_views.kit_create, name="kit-create"),
    path("kits/<int:pk>/", kits_views.kit_detail, name="kit-detail"),
    path("kits/<int:pk>/edit/", upkeep_views.kit_edit, name="kit-edit"),
    path(
        "kits/<int:pk>/items/<int:item_pk>/remove/",
        upkeep_views.kit_item_remove,
        name="kit-item-remove",
    ),
    path("transport/", logistics_views.transport_list, name="transport-list"),
    path(
        "transport/<int:pk>/<str:action>/",
        logistics_views.transport_action,
        name="transport-action",
    ),
    path("invoices/", logistics_views.invoice_list, name="invoice-list"),
    path("invoices/summary.csv", logistics_views.invoice_csv, name="invoice-csv"),
    path("impact/", impact_views.impact_dashboard, name="impact"),
    path("check-first/", impact_views.check_first, name="check-first"),
    path("wanted/", impact_views.wanted_list, name="wanted-list"),
    path("wanted/<int:pk>/close/", upkeep_views.wanted_close, name="wanted-close"),
    path("locations/", location_views.location_list, name="location-list"),
    path("locations/<int:pk>/", location_views.location_edit, name="location-edit"),
    path("locations/<int:pk>/delete/", location_views.location_delete, name="location-delete"),
]
