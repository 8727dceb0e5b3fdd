from importlib.util import find_spec

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("core.urls")),
    path("", include("organizations.urls")),
    path("notifications/", include("notifications.urls")),
    path("admin/", admin.site.urls),
]

# Domain apps mount themselves here when present (see settings.DOMAIN_APPS).
DOMAIN_MOUNTS = {
    "needs": "needs/",
    "dialogue": "dialogue/",
    "procurements": "procurements/",
    "sharing": "sharing/",
    "sprints": "sprints/",
    "reports": "reports/",
    "projects": "projects/",
    "arena": "arena/",
    "api": "api/",
}
for _app, _prefix in DOMAIN_MOUNTS.items():
    if _app in settings.INSTALLED_APPS and find_spec(f"{_app}.urls") is not None:
        urlpatterns.append(path(_prefix, include(f"{_app}.urls")))

# Media is never served directly: every file goes through a view that checks who may see it.
