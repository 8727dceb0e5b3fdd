"""The REST API (/api/v1/), its OpenAPI schema and documentation, and token pages.

Domain apps add their endpoints by registering viewsets on `router` in `api/routes.py`.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from . import views
from .docs import ApiDocsView
from .routes import router

app_name = "api"
urlpatterns = [
    path("v1/me/", views.MeView.as_view(), name="me"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(), name="docs"),
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    # Anything else under /api/v1/ answers a JSON 404 (not the site's HTML page).
    re_path(r"^v1/", views.not_found),
]
