from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("language/", views.set_language, name="set-language"),
    path("history/<str:label>/<int:pk>/", views.object_history, name="history"),
]
