"""Included from procurements.urls under ``ocds/`` (names ``procurements:ocds-*``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("ocds/", views.ocds_index, name="ocds-index"),
    path("ocds/cases.json", views.ocds_case_list, name="ocds-case-list"),
    path("ocds/all.json", views.ocds_bulk, name="ocds-bulk"),
    path("ocds/records.json", views.ocds_records, name="ocds-records"),
    path("ocds/extension.json", views.ocds_extension, name="ocds-extension"),
    path("ocds/<int:pk>.json", views.ocds_package, name="ocds-package"),
]
