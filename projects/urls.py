from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("new/", views.project_create, name="project-create"),
    path("<int:pk>/", views.project_detail, name="project-detail"),
    path("<int:pk>/edit/", views.project_edit, name="project-edit"),
    path("<int:pk>/close/", views.project_close, name="project-close"),
    path("<int:pk>/goals/", views.goal_add, name="goal-add"),
    path("<int:pk>/goals/<int:goal_pk>/", views.goal_assess, name="goal-assess"),
    path("<int:pk>/goals/<int:goal_pk>/edit/", views.goal_edit, name="goal-edit"),
    path("<int:pk>/subprojects/", views.subproject_create, name="subproject-create"),
    path("<int:pk>/subprojects/<int:sub_pk>/end/", views.subproject_end, name="subproject-end"),
    path("<int:pk>/subprojects/<int:sub_pk>/edit/", views.subproject_edit, name="subproject-edit"),
    path("<int:pk>/milestones/", views.milestone_add, name="milestone-add"),
    path(
        "<int:pk>/milestones/<int:milestone_pk>/reached/",
        views.milestone_reach,
        name="milestone-reach",
    ),
    path(
        "<int:pk>/milestones/<int:milestone_pk>/edit/",
        views.milestone_edit,
        name="milestone-edit",
    ),
    path("<int:pk>/log/", views.log_add, name="log-add"),
    path("<int:pk>/log/<int:entry_pk>/edit/", views.log_edit, name="log-edit"),
    path("<int:pk>/log/<int:entry_pk>/close/", views.log_close, name="log-close"),
    path("<int:pk>/grants/", views.grant_add, name="grant-add"),
    path(
        "<int:pk>/grants/<int:grant_pk>/co-financing/",
        views.cofinancing_add,
        name="cofinancing-add",
    ),
    path("<int:pk>/grants/<int:grant_pk>/periods/", views.period_add, name="period-add"),
    path(
        "<int:pk>/grants/<int:grant_pk>/reports/",
        views.funder_report_add,
        name="funder-report-add",
    ),
    path(
        "<int:pk>/funder-reports/<int:report_pk>/submitted/",
        views.funder_report_submit,
        name="funder-report-submit",
    ),
    path("<int:pk>/groups/", views.group_create, name="group-create"),
    path("groups/<int:pk>/", views.group_detail, name="group-detail"),
    path("groups/<int:pk>/meetings/", views.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/ics/", views.meeting_ics_download, name="meeting-ics"),
]
