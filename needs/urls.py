from django.urls import path

from . import views

app_name = "needs"
urlpatterns = [
    path("", views.need_list, name="need-list"),
    path("export.csv", views.need_list_csv, name="need-list-csv"),
    path("new/", views.need_create, name="need-create"),
    path("duplicates/", views.need_duplicates, name="need-duplicates"),
    path("<int:pk>/", views.need_detail, name="need-detail"),
    path("<int:pk>/edit/", views.need_edit, name="need-edit"),
    path("<int:pk>/submit/", views.need_submit, name="need-submit"),
    path("<int:pk>/comment/", views.need_comment, name="need-comment"),
    path("<int:pk>/attach/", views.need_attach, name="need-attach"),
    path("<int:pk>/assessors/", views.need_assign, name="need-assign"),
    path("<int:pk>/notes/", views.need_note, name="need-note"),
    path("<int:pk>/answer/", views.need_answer, name="need-answer"),
    path("<int:pk>/reject/", views.need_reject, name="need-reject"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("challenges/", views.challenge_list, name="challenge-list"),
    path("challenges/export.csv", views.challenge_list_csv, name="challenge-list-csv"),
    path("challenges/new/", views.challenge_create, name="challenge-create"),
    path("challenges/<int:pk>/", views.challenge_detail, name="challenge-detail"),
    path("challenges/<int:pk>/edit/", views.challenge_edit, name="challenge-edit"),
    path("challenges/<int:pk>/join/", views.challenge_join, name="challenge-join"),
    path(
        "challenges/<int:pk>/procurement/",
        views.challenge_start_procurement,
        name="challenge-start-procurement",
    ),
    path("workshops/", views.workshop_list, name="workshop-list"),
    path("workshops/new/", views.workshop_create, name="workshop-create"),
    path("workshops/<int:pk>/", views.workshop_detail, name="workshop-detail"),
    path("workshops/<int:pk>/edit/", views.workshop_edit, name="workshop-edit"),
    path("workshops/<int:pk>/ics/", views.workshop_ics_download, name="workshop-ics"),
    path("priorities/", views.round_list, name="round-list"),
    path("priorities/new/", views.round_create, name="round-create"),
    path("priorities/<int:pk>/", views.round_detail, name="round-detail"),
    path("priorities/<int:pk>/score/", views.round_score, name="round-score"),
    path("priorities/<int:pk>/status/", views.round_transition, name="round-transition"),
    path("priorities/<int:pk>/decide/", views.round_decide, name="round-decide"),
]
