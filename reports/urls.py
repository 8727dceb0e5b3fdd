from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("export.csv", views.report_list_csv, name="report-list-csv"),
    path("new/", views.report_kind_choose, name="report-choose"),
    path("new/<str:kind>/", views.report_create, name="report-create"),
    path("<int:pk>/", views.report_detail, name="report-detail"),
    path("<int:pk>/progress/", views.report_progress, name="report-progress"),
    path("<int:pk>/download/", views.report_download, name="report-download"),
    path("<int:pk>/rebuild/", views.report_rebuild_view, name="report-rebuild"),
]
