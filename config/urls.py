from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("core.urls")),
    path("", include("organizations.urls")),
    path("notifications/", include("notifications.urls")),
    path("admin/", admin.site.urls),
    path("needs/", include("needs.urls")),
    path("dialogue/", include("dialogue.urls")),
    path("procurements/", include("procurements.urls")),
    path("sharing/", include("sharing.urls")),
    path("sprints/", include("sprints.urls")),
    path("reports/", include("reports.urls")),
    path("projects/", include("projects.urls")),
    path("arena/", include("arena.urls")),
    path("api/", include("api.urls")),
]

# Media is never served directly: every file goes through a view that checks who may see it.
