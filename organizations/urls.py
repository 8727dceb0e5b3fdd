from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from . import manage_views, views
from .forms import OutboxPasswordResetForm

account_patterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=OutboxPasswordResetForm,
            email_template_name="registration/password_reset_email.txt",
            html_email_template_name="registration/password_reset_email.html",
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("organizations:profile")),
        name="password_change",
    ),
]

organization_patterns = [
    path("profile/", views.profile, name="profile"),
    path("invitations/", views.invitation_list, name="invitations"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("invite/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("organisations/", views.organization_list, name="organization-list"),
    path("organisations/export.csv", views.organization_list_csv, name="organization-list-csv"),
    path("organisations/<slug:slug>/", views.organization_detail, name="organization-detail"),
    path("organisation/", manage_views.getting_started, name="getting-started"),
    path("organisation/users/", manage_views.user_list, name="user-list"),
    path("organisation/users/<int:pk>/", manage_views.user_edit, name="user-edit"),
    path("organisation/users/<int:pk>/active/", manage_views.user_set_active, name="user-active"),
    path("organisation/departments/", manage_views.department_list, name="department-list"),
    path(
        "organisation/departments/<int:pk>/",
        manage_views.department_edit,
        name="department-edit",
    ),
    path(
        "platform/organisations/",
        manage_views.platform_organizations,
        name="platform-organizations",
    ),
    path(
        "platform/organisations/<slug:slug>/active/",
        manage_views.organization_set_active,
        name="organization-active",
    ),
    path(
        "platform/registrations/<slug:slug>/",
        manage_views.registration_decide,
        name="registration-decide",
    ),
    path("networks/", views.network_list, name="network-list"),
    path("networks/new/", manage_views.network_create, name="network-create"),
    path("networks/invitations/", manage_views.network_invitations, name="network-invitations"),
    path(
        "networks/invitations/<int:pk>/answer/",
        manage_views.network_invitation_answer,
        name="network-invitation-answer",
    ),
    path(
        "networks/invitations/<int:pk>/withdraw/",
        manage_views.network_invitation_withdraw,
        name="network-invitation-withdraw",
    ),
    path("networks/<slug:slug>/invite/", manage_views.network_invite, name="network-invite"),
    path("networks/<slug:slug>/leave/", manage_views.network_leave, name="network-leave"),
    path("networks/<slug:slug>/", views.network_detail, name="network-detail"),
]

urlpatterns = [
    path("account/", include(account_patterns)),
    path("", include((organization_patterns, "organizations"))),
]
