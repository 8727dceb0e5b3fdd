from django.urls import path

from . import views

app_name = "arena"
urlpatterns = [
    path("", views.home, name="home"),
    path("lessons/new/", views.lesson_create, name="lesson-create"),
    path("posts/", views.post_list, name="post-list"),
    path("posts/new/", views.post_create, name="post-create"),
    path("posts/<int:pk>/", views.post_detail, name="post-detail"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post-edit"),
    path("library/", views.document_list, name="document-list"),
    path("library/new/", views.document_create, name="document-create"),
    path("library/<int:pk>/", views.document_detail, name="document-detail"),
    path(
        "library/<int:pk>/versions/<int:number>/",
        views.version_download,
        name="version-download",
    ),
    path("events/", views.event_list, name="event-list"),
    path("events/new/", views.event_create, name="event-create"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("events/<int:pk>/register/", views.event_register, name="event-register"),
    path("events/<int:pk>/cancel/", views.registration_cancel, name="registration-cancel"),
    path("events/<int:pk>/publish/", views.event_publish, name="event-publish"),
    path("events/<int:pk>/cancel-event/", views.event_cancel, name="event-cancel"),
    path("events/<int:pk>/attendance/", views.event_attendance, name="event-attendance"),
    path("events/<int:pk>/ics/", views.event_ics_download, name="event-ics"),
    path("evaluations/", views.evaluation_list, name="evaluation-list"),
    path("evaluations/new/", views.evaluation_create, name="evaluation-create"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation-detail"),
]
