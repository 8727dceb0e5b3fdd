from django.urls import path

from .views import challenges, needs, priorities, workshops

app_name = "needs"
urlpatterns = [
    path("", needs.need_list, name="need-list"),
    path("export.csv", needs.need_list_csv, name="need-list-csv"),
    path("new/", needs.need_create, name="need-create"),
    path("duplicates/", needs.need_duplicates, name="need-duplicates"),
    path("<int:pk>/", needs.need_detail, name="need-detail"),
    path("<int:pk>/edit/", needs.need_edit, name="need-edit"),
    path("<int:pk>/submit/", needs.need_submit, name="need-submit"),
    path("<int:pk>/comment/", needs.need_comment, name="need-comment"),
    path("<int:pk>/attach/", needs.need_attach, name="need-attach"),
    path("<int:pk>/assessors/", needs.need_assign, name="need-assign"),
    path("<int:pk>/notes/", needs.need_note, name="need-note"),
    path("<int:pk>/answer/", needs.need_answer, name="need-answer"),
    path("<int:pk>/reject/", needs.need_reject, name="need-reject"),
    path("attachments/<int:pk>/", needs.attachment_download, name="attachment-download"),
    path("challenges/", challenges.challenge_list, name="challenge-list"),
    path("challenges/export.csv", challenges.challenge_list_csv, name="challenge-list-csv"),
    path("challenges/new/", challenges.challenge_create, name="challenge-create"),
    path("challenges/<int:pk>/", challenges.challenge_detail, name="challenge-detail"),
    path("challenges/<int:pk>/edit/", challenges.challenge_edit, name="challenge-edit"),
    path("challenges/<int:pk>/join/", challenges.challenge_join, name="challenge-join"),
    path("workshops/", workshops.workshop_list, name="workshop-list"),
    path("workshops/new/", workshops.workshop_create, name="workshop-create"),
    path("workshops/<int:pk>/", workshops.workshop_detail, name="workshop-detail"),
    path("workshops/<int:pk>/edit/", workshops.workshop_edit, name="workshop-edit"),
    path("workshops/<int:pk>/cancel/", workshops.workshop_cancel, name="workshop-cancel"),
    path("workshops/<int:pk>/ics/", workshops.workshop_ics_download, name="workshop-ics"),
    path("priorities/", priorities.round_list, name="round-list"),
    path("priorities/new/", priorities.round_create, name="round-create"),
    path("priorities/<int:pk>/", priorities.round_detail, name="round-detail"),
    path("priorities/<int:pk>/score/", priorities.round_score, name="round-score"),
    path("priorities/<int:pk>/status/", priorities.round_transition, name="round-transition"),
    path("priorities/<int:pk>/decide/", priorities.round_decide, name="round-decide"),
]
