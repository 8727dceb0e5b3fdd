from django.urls import path

from . import views

app_name = "sprints"
urlpatterns = [
    path("", views.calloff_list, name="calloff-list"),
    path("export.csv", views.calloff_list_csv, name="calloff-list-csv"),
    path("agreements/", views.agreement_list, name="agreement-list"),
    path("agreements/new/", views.agreement_create, name="agreement-create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement-detail"),
    path("agreements/<int:pk>/terms/", views.agreement_terms, name="agreement-terms"),
    path("agreements/<int:pk>/call-off/", views.calloff_create, name="calloff-create"),
    path("agreements/<int:pk>/distribution/", views.distribution, name="agreement-distribution"),
    path("call-offs/<int:pk>/", views.calloff_detail, name="calloff-detail"),
    path("call-offs/<int:pk>/cancel/", views.calloff_cancel, name="calloff-cancel"),
    path("call-offs/<int:pk>/reschedule/", views.calloff_reschedule, name="calloff-reschedule"),
    path("call-offs/<int:pk>/answer/", views.competition_answer, name="competition-answer"),
    path("call-offs/<int:pk>/award/", views.competition_award, name="competition-award"),
    path("call-offs/<int:pk>/participants/", views.participant_add, name="participant-add"),
    path(
        "call-offs/<int:pk>/participants/<int:participant_pk>/remove/",
        views.participant_remove,
        name="participant-remove",
    ),
    path(
        "call-offs/<int:pk>/participants/<int:participant_pk>/absence/",
        views.participant_absence,
        name="participant-absence",
    ),
    path("call-offs/<int:pk>/invitations/", views.invitations_send, name="invitations-send"),
    path("call-offs/<int:pk>/outcome/", views.outcome_edit, name="outcome-edit"),
    path("call-offs/<int:pk>/prototypes/", views.prototype_add, name="prototype-add"),
    path(
        "call-offs/<int:pk>/start/<str:kind>/",
        views.outcome_follow_through,
        name="outcome-start",
    ),
    path("call-offs/<int:pk>/evaluation/", views.evaluation, name="evaluation"),
    path("offers/<int:pk>/respond/", views.offer_respond, name="offer-respond"),
    path("sessions/<int:pk>/ics/", views.session_ics_download, name="session-ics"),
    path("calendar/", views.calendar, name="calendar"),
    path("prototypes/", views.prototype_list, name="prototype-list"),
    path("prototypes/<int:pk>/file/", views.prototype_file, name="prototype-file"),
    path("closure-days/", views.closure_days, name="closure-days"),
    path(
        "closure-days/<int:pk>/delete/",
        views.closure_day_delete,
        name="closure-day-delete",
    ),
    path("rooms/", views.room_list, name="room-list"),
    path("rooms/<int:pk>/", views.room_edit, name="room-edit"),
    path("rooms/<int:pk>/delete/", views.room_delete, name="room-delete"),
    path("teams/", views.team_list, name="team-list"),
    path("teams/<int:pk>/", views.team_edit, name="team-edit"),
    path("teams/<int:pk>/delete/", views.team_delete, name="team-delete"),
]
