from django.urls import path

from . import location_views, upkeep_views, views

app_name = "sharing"
urlpatterns = [
    path("", views.listing_list, name="listing-list"),
    path("export.csv", views.listing_list_csv, name="listing-list-csv"),
    path("listings/new/", views.listing_create, name="listing-create"),
    path("listings/<int:pk>/", views.listing_detail, name="listing-detail"),
    path("listings/<int:pk>/edit/", views.listing_edit, name="listing-edit"),
    path("listings/<int:pk>/withdraw/", views.listing_withdraw, name="listing-withdraw"),
    path("listings/<int:pk>/photos/", views.photo_add, name="photo-add"),
    path("listings/<int:pk>/labels/", views.listing_labels, name="listing-labels"),
    path("listings/<int:pk>/reserve/", views.booking_create, name="booking-create"),
    path("listings/<int:pk>/waitlist/", views.waitlist_join, name="waitlist-join"),
    path("photos/<int:pk>/move/", upkeep_views.photo_move, name="photo-move"),
    path("photos/<int:pk>/delete/", upkeep_views.photo_delete, name="photo-delete"),
    path("photos/<int:pk>/<str:variant>/", views.photo_file, name="photo-file"),
    path("u/<str:code>/", views.unit_label, name="unit-label"),
    path("reservations/", views.booking_list, name="booking-list"),
    path("reservations/export.csv", views.booking_list_csv, name="booking-list-csv"),
    path("reservations/<int:pk>/", views.booking_detail, name="booking-detail"),
    path("reservations/<int:pk>/extend/", upkeep_views.booking_extend, name="booking-extend"),
    path("reservations/<int:pk>/<str:action>/", views.booking_action, name="booking-action"),
    path("kits/", views.kit_list, name="kit-list"),
    path("kits/<int:pk>/", views.kit_detail, name="kit-detail"),
    path("transport/", views.transport_list, name="transport-list"),
    path("transport/<int:pk>/<str:action>/", views.transport_action, name="transport-action"),
    path("invoices/", views.invoice_list, name="invoice-list"),
    path("invoices/summary.csv", views.invoice_csv, name="invoice-csv"),
    path("impact/", views.impact_dashboard, name="impact"),
    path("check-first/", views.check_first, name="check-first"),
    path("wanted/", views.wanted_list, name="wanted-list"),
    path("wanted/<int:pk>/close/", upkeep_views.wanted_close, name="wanted-close"),
    path("locations/", location_views.location_list, name="location-list"),
    path("locations/<int:pk>/", location_views.location_edit, name="location-edit"),
    path("locations/<int:pk>/delete/", location_views.location_delete, name="location-delete"),
]
