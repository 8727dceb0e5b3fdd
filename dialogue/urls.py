from django.urls import path

from . import views

app_name = "dialogue"
urlpatterns = [
    path("", views.index, name="index"),
    path("register/", views.supplier_register, name="supplier-register"),
    path("profile/", views.profile_edit, name="profile-edit"),
    path("cpv/search/", views.cpv_search, name="cpv-search"),
    path("cases/<int:pk>/", views.case_dialogue, name="case-dialogue"),
    path("challenges/<int:pk>/", views.challenge_dialogue, name="challenge-dialogue"),
    path("cases/<int:pk>/rfis/new/", views.rfi_create_for_case, name="rfi-create-case"),
    path(
        "challenges/<int:pk>/rfis/new/",
        views.rfi_create_for_challenge,
        name="rfi-create-challenge",
    ),
    path(
        "cases/<int:pk>/activities/new/",
        views.activity_create_for_case,
        name="activity-create-case",
    ),
    path(
        "challenges/<int:pk>/activities/new/",
        views.activity_create_for_challenge,
        name="activity-create-challenge",
    ),
    path("rfis/", views.rfi_list, name="rfi-list"),
    path("rfis/export.csv", views.rfi_list_csv, name="rfi-list-csv"),
    path("rfis/<int:pk>/", views.rfi_detail, name="rfi-detail"),
    path("rfis/<int:pk>/edit/", views.rfi_edit, name="rfi-edit"),
    path("rfis/<int:pk>/questions/add/", views.question_add, name="question-add"),
    path("questions/<int:pk>/delete/", views.question_delete, name="question-delete"),
    path("rfis/<int:pk>/publish/", views.rfi_publish, name="rfi-publish"),
    path("rfis/<int:pk>/cancel/", views.rfi_cancel, name="rfi-cancel"),
    path("rfis/<int:pk>/answer/", views.response_edit, name="response-edit"),
    path("rfis/<int:pk>/compare/", views.rfi_compare, name="rfi-compare"),
    path("rfis/<int:pk>/export.csv", views.rfi_export, name="rfi-export"),
    path("rfis/<int:pk>/ask/", views.clarification_ask, name="clarification-ask"),
    path(
        "clarifications/<int:pk>/answer/",
        views.clarification_answer,
        name="clarification-answer",
    ),
    path("answers/<int:pk>/", views.response_detail, name="response-detail"),
    path("answer-files/<int:pk>/", views.answer_file, name="answer-file"),
    path("activities/", views.activity_list, name="activity-list"),
    path("activities/export.csv", views.activity_list_csv, name="activity-list-csv"),
    path("activities/<int:pk>/", views.activity_detail, name="activity-detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity-edit"),
    path("activities/<int:pk>/ics/", views.activity_ics_download, name="activity-ics"),
    path("activities/<int:pk>/files/", views.activity_file_add, name="activity-file-add"),
    path("activity-files/<int:pk>/", views.activity_file, name="activity-file"),
    path("activities/<int:pk>/sections/", views.section_add, name="section-add"),
    path("sections/<int:pk>/comments/", views.comment_add, name="comment-add"),
]
