from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("export.csv", views.notification_list_csv, name="list-csv"),
    path("read-all/", views.notification_mark_all_read, name="mark-all-read"),
    path("<int:pk>/read/", views.notification_mark_read, name="notification-mark-read"),
    path("settings/", views.notification_preferences, name="preferences"),
]
