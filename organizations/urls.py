from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from . import views
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
    path("networks/", views.network_list, name="network-list"),
    path("networks/<slug:slug>/", views.network_detail, name="network-detail"),
]

urlpatterns = [
    path("account/", include(account_patterns)),
    path("", include((organization_patterns, "organizations"))),
]
