from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from organizations import services
from organizations.models import Invitation, User


def test_login_with_email_redirects_to_dashboard(client, staff):
    response = client.post(
        reverse("login"), {"username": staff.email.upper(), "password": "pw-test-1234"}
    )
    assert response.status_code == 302
    assert response.url == reverse("core:dashboard")


def test_login_wrong_password_shows_message(client, staff):
    response = client.post(reverse("login"), {"username": staff.email, "password": "wrong"})
    assert response.status_code == 200
    assert "korrekt" in response.content.decode() or "correct" in response.content.decode()


def test_dashboard_requires_login(client, db):
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_logout_is_post_only_and_signs_out(client, staff):
    client.force_login(staff)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 302


def test_password_reset_sends_mail_through_outbox(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": staff.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/account/password/reset/" in mailoutbox[0].body


def test_invitation_page_forbidden_for_staff(client, staff):
    client.force_login(staff)
    assert client.get(reverse("organizations:invitations")).status_code == 403


def test_invitation_view_creates_invitation(
    client, org_admin, ystad, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organizations:invitations"),
            {"email": "ny@ystad.test", "organization": ystad.pk, "roles": ["staff", "logistics"]},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.roles == ["staff", "logistics"]
    assert len(mailoutbox) == 1


def test_invitation_view_forged_organization_is_refused(client, org_admin, trelleborg):
    client.force_login(org_admin)
    response = client.post(
        reverse("organizations:invitations"),
        {"email": "ny@t.test", "organization": trelleborg.pk, "roles": ["staff"]},
    )
    assert response.status_code == 200
    assert not Invitation.objects.exists()
    assert "organization" in response.context["form"].errors


def test_invitation_view_duplicate_email_shows_message_in_swedish(client, org_admin, ystad, staff):
    client.force_login(org_admin)
    response = client.post(
        reverse("organizations:invitations"),
        {"email": staff.email, "organization": ystad.pk, "roles": ["staff"]},
    )
    assert response.status_code == 200
    assert "Det finns redan ett konto med den här e-postadressen." in response.content.decode()
    assert not Invitation.objects.exists()


def test_invitation_accept_page_creates_account_and_signs_in(client, org_admin, ystad):
    _inv, token = services.invitation_create(
        invited_by=org_admin, email="ny@ystad.test", organization=ystad, roles=["staff"]
    )
    url = reverse("organizations:invitation-accept", kwargs={"token": token})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"full_name": "Ny Person", "password1": "a-Good-pass-42", "password2": "a-Good-pass-42"},
    )
    assert response.status_code == 302
    assert User.objects.get(email="ny@ystad.test").full_name == "Ny Person"
    # Reusing the link afterwards says why it cannot be used.
    client.logout()
    reused = client.get(url)
    assert reused.status_code == 410
    assert "redan använts" in reused.content.decode()


def test_invitation_accept_expired_link_says_so(client, org_admin, ystad):
    inv, token = services.invitation_create(
        invited_by=org_admin, email="ny@ystad.test", organization=ystad, roles=["staff"]
    )
    Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    response = client.get(reverse("organizations:invitation-accept", kwargs={"token": token}))
    assert response.status_code == 410
    assert "har gått ut" in response.content.decode()


def test_invitation_accept_mismatched_passwords_keeps_invitation_open(client, org_admin, ystad):
    inv, token = services.invitation_create(
        invited_by=org_admin, email="ny@ystad.test", organization=ystad, roles=["staff"]
    )
    response = client.post(
        reverse("organizations:invitation-accept", kwargs={"token": token}),
        {"full_name": "Ny", "password1": "a-Good-pass-42", "password2": "other-pass-42"},
    )
    assert response.status_code == 200
    inv.refresh_from_db()
    assert inv.accepted_at is None


def test_profile_saves_language_and_switches_ui(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("organizations:profile"),
        {"full_name": "Anna N", "title": "", "department": "Förskola", "language": "en"},
        follow=True,
    )
    staff.refresh_from_db()
    assert (staff.full_name, staff.language, staff.department) == ("Anna N", "en", "Förskola")
    assert "Your profile was saved." in response.content.decode()


def test_profile_empty_name_is_refused(client, staff):
    client.force_login(staff)
    response = client.post(reverse("organizations:profile"), {"full_name": " ", "language": "sv"})
    assert response.status_code == 200
    staff.refresh_from_db()
    assert staff.full_name != " "


def test_organization_detail_users_visible_to_org_admin_only(client, org_admin, staff, ystad):
    client.force_login(staff)
    response = client.get(ystad.get_absolute_url())
    assert response.status_code == 200
    assert response.context["users"] is None
    client.force_login(org_admin)
    response = client.get(ystad.get_absolute_url())
    assert list(response.context["users"]) == sorted([org_admin, staff], key=lambda u: u.full_name)


def test_supplier_cannot_see_other_supplier(client, supplier_user):
    from tests.factories.organizations import SupplierFactory

    other = SupplierFactory()
    client.force_login(supplier_user)
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(supplier_user.organization.get_absolute_url()).status_code == 200


def test_network_of_others_is_404(client, outsider, network):
    client.force_login(outsider)
    assert client.get(network.get_absolute_url()).status_code == 404
    assert list(client.get(reverse("organizations:network-list")).context["networks"]) == []


def test_network_visible_to_member(client, neighbour, network):
    client.force_login(neighbour)
    response = client.get(network.get_absolute_url())
    assert response.status_code == 200


def test_supplier_sees_no_networks(client, supplier_user, network):
    client.force_login(supplier_user)
    assert client.get(network.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "url_name",
    [
        "core:dashboard",
        "organizations:profile",
        "notifications:list",
        "organizations:network-list",
        "organizations:organization-list",
    ],
)
def test_pages_render_for_every_kind_of_user(
    client, url_name, staff, supplier_user, platform_admin
):
    for user in (staff, supplier_user, platform_admin):
        client.force_login(user)
        assert client.get(reverse(url_name)).status_code == 200
