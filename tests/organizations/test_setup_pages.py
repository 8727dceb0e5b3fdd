"""An organisation sets itself up through pages: users and roles, departments, getting
started, the platform operator's onboarding, networks with invitations."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from organizations import services
from organizations.models import Department, Invitation, Network, NetworkInvitation, User
from tests.factories.organizations import MunicipalityFactory, UserFactory


@pytest.fixture
def colleague(ystad):
    return UserFactory(organization=ystad, roles=["staff"], email="colleague@ystad.test")


@pytest.fixture
def trelleborg_admin(trelleborg):
    return UserFactory(organization=trelleborg, roles=["admin"], email="admin@trelleborg.test")


@pytest.fixture
def vaxjo_admin(vaxjo):
    return UserFactory(organization=vaxjo, roles=["admin"], email="admin@vaxjo.test")


# --- Users and roles ------------------------------------------------------------------------


def test_user_update_roles_changes_roles_with_history(org_admin, colleague):
    services.user_update_roles(member=colleague, roles=["staff", "logistics"], by=org_admin)
    colleague.refresh_from_db()
    assert colleague.roles == ["staff", "logistics"]


def test_user_update_roles_refuses_supplier_role_for_municipality(org_admin, colleague):
    with pytest.raises(ValidationError):
        services.user_update_roles(member=colleague, roles=["supplier"], by=org_admin)


def test_user_update_roles_keeps_last_admin(org_admin):
    with pytest.raises(ValidationError):
        services.user_update_roles(member=org_admin, roles=["staff"], by=org_admin)


def test_user_update_roles_foreign_admin_is_refused(trelleborg_admin, colleague):
    with pytest.raises(PermissionDenied):
        services.user_update_roles(member=colleague, roles=["officer"], by=trelleborg_admin)


def test_user_set_active_deactivates_and_reactivates(org_admin, colleague, client):
    services.user_set_active(member=colleague, active=False, by=org_admin)
    colleague.refresh_from_db()
    assert colleague.is_active is False
    response = client.post(
        reverse("login"), {"username": colleague.email, "password": "pw-test-1234"}
    )
    assert response.status_code == 200  # not signed in
    services.user_set_active(member=colleague, active=True, by=org_admin)
    colleague.refresh_from_db()
    assert colleague.is_active is True


def test_user_set_active_refuses_self(org_admin):
    with pytest.raises(ValidationError):
        services.user_set_active(member=org_admin, active=False, by=org_admin)


def test_user_list_shows_own_organisation_only(client, org_admin, colleague, neighbour):
    client.force_login(org_admin)
    response = client.get(reverse("organizations:user-list"))
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == [org_admin, colleague]


@pytest.mark.parametrize("who", ["staff", "supplier_user"])
def test_user_list_forbidden_to_non_admins(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("organizations:user-list")).status_code == 403


def test_user_edit_of_other_municipality_is_404(client, trelleborg_admin, colleague):
    client.force_login(trelleborg_admin)
    url = reverse("organizations:user-edit", args=[colleague.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"roles": ["admin"]}).status_code == 404
    colleague.refresh_from_db()
    assert colleague.roles == ["staff"]


def test_user_edit_page_saves_roles(client, org_admin, colleague):
    client.force_login(org_admin)
    url = reverse("organizations:user-edit", args=[colleague.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"roles": ["staff", "officer"]})
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.roles == ["staff", "officer"]


def test_user_active_view_is_post_only_and_scoped(client, org_admin, colleague, neighbour):
    client.force_login(org_admin)
    assert client.get(reverse("organizations:user-active", args=[colleague.pk])).status_code == 405
    assert (
        client.post(reverse("organizations:user-active", args=[neighbour.pk]), {"active": "0"})
    ).status_code == 404
    client.post(reverse("organizations:user-active", args=[colleague.pk]), {"active": "0"})
    assert User.objects.get(pk=colleague.pk).is_active is False


# --- Departments ----------------------------------------------------------------------------


def test_department_page_adds_and_refuses_duplicate(client, org_admin, ystad):
    client.force_login(org_admin)
    url = reverse("organizations:department-list")
    data = {"name": "Barn och utbildning", "cost_centre": "4410", "is_active": "on"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "name": "barn och UTBILDNING"})
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert list(Department.objects.values_list("name", "cost_centre")) == [
        ("Barn och utbildning", "4410")
    ]


def test_department_edit_of_other_municipality_is_404(client, trelleborg_admin, org_admin, ystad):
    department = services.department_save(organization=ystad, by=org_admin, name="Teknik")
    client.force_login(trelleborg_admin)
    assert (
        client.get(reverse("organizations:department-edit", args=[department.pk])).status_code
        == 404
    )


# --- Getting started ------------------------------------------------------------------------


def test_getting_started_ticks_what_is_done(client, org_admin, ystad):
    client.force_login(org_admin)
    response = client.get(reverse("organizations:getting-started"))
    assert response.status_code == 200
    steps = {step.url: step.done for step in response.context["steps"]}
    assert steps[reverse("organizations:invitations")] is False
    assert steps[reverse("organizations:network-list")] is True  # Ystad is in the network
    assert steps[reverse("sharing:location-list")] is False
    services.invitation_create(
        invited_by=org_admin, email="ny@ystad.test", organization=ystad, roles=["staff"]
    )
    response = client.get(reverse("organizations:getting-started"))
    steps = {step.url: step.done for step in response.context["steps"]}
    assert steps[reverse("organizations:invitations")] is True


def test_getting_started_for_supplier_admin_lists_teams(client, supplier_org):
    admin = UserFactory(organization=supplier_org, roles=["supplier", "admin"])
    client.force_login(admin)
    response = client.get(reverse("organizations:getting-started"))
    urls = [step.url for step in response.context["steps"]]
    assert urls == [reverse("organizations:invitations"), reverse("sprints:team-list")]


def test_getting_started_forbidden_to_staff(client, staff):
    client.force_login(staff)
    assert client.get(reverse("organizations:getting-started")).status_code == 403


# --- The platform operator ------------------------------------------------------------------


def test_onboard_municipality_invites_its_first_admin(
    client, platform_admin, mailoutbox, django_capture_on_commit_callbacks
):
    lund = MunicipalityFactory(name="Lund", municipality_code="1281")
    client.force_login(platform_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organizations:platform-organizations"),
            {"kind": "municipality", "municipality": lund.pk, "admin_email": "it@lund.test"},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.organization, invitation.roles) == (lund, ["admin"])
    assert len(mailoutbox) == 1


def test_onboard_supplier_registers_company(client, platform_admin):
    client.force_login(platform_admin)
    response = client.post(
        reverse("organizations:platform-organizations"),
        {
            "kind": "supplier",
            "name": "Sprintbyrån AB",
            "org_number": "556677-8899",
            "admin_email": "vd@sprint.test",
        },
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.organization.name == "Sprintbyrån AB"
    assert invitation.roles == ["supplier", "admin"]


def test_onboard_supplier_with_bad_number_is_refused(client, platform_admin):
    client.force_login(platform_admin)
    response = client.post(
        reverse("organizations:platform-organizations"),
        {"kind": "supplier", "name": "X AB", "org_number": "556677-8898",
         "admin_email": "a@x.test"},
    )  # fmt: skip
    assert response.status_code == 200
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("who", ["org_admin", "supplier_user", "staff"])
def test_platform_pages_forbidden_to_others(client, who, request, ystad):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("organizations:platform-organizations")).status_code == 403
    url = reverse("organizations:organization-active", args=[ystad.slug])
    assert client.post(url, {"active": "0"}).status_code == 403


def test_deactivated_organisation_cannot_sign_in(client, platform_admin, ystad, staff):
    client.force_login(platform_admin)
    url = reverse("organizations:organization-active", args=[ystad.slug])
    assert client.post(url, {"active": "0"}).status_code == 302
    client.logout()
    response = client.post(reverse("login"), {"username": staff.email, "password": "pw-test-1234"})
    assert response.status_code == 200
    assert "stängt" in response.content.decode()


def test_platform_list_shows_organisations_with_admins(client, platform_admin, org_admin, ystad):
    client.force_login(platform_admin)
    response = client.get(reverse("organizations:platform-organizations"))
    rows = {org.name: [a.email for a in org.admins] for org in response.context["page_obj"]}
    assert rows["Ystad"] == ["admin@ystad.test"]


# --- Networks -------------------------------------------------------------------------------


def test_coordinator_founds_network_with_own_municipality(client, coordinator, ystad):
    client.force_login(coordinator)
    response = client.post(reverse("organizations:network-create"), {"name": "Sydost"})
    network = Network.objects.get(name="Sydost")
    assert response.url == network.get_absolute_url()
    assert list(network.members.all()) == [ystad]


@pytest.mark.parametrize("who", ["staff", "supplier_user", "org_admin"])
def test_only_coordinators_found_networks(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("organizations:network-create")).status_code == 403


def test_network_invitation_accept_makes_member(
    client, coordinator, vaxjo, vaxjo_admin, outsider, network
):
    invitation = services.network_invite(network=network, organization=vaxjo, by=coordinator)
    # Växjö's staff do not see the network's material before the answer.
    assert vaxjo.pk not in User.objects.get(pk=coordinator.pk).network_organization_ids
    client.force_login(outsider)  # staff, not admin: may see but not answer
    assert client.get(reverse("organizations:network-invitations")).status_code == 200
    answer = reverse("organizations:network-invitation-answer", args=[invitation.pk])
    assert client.post(answer, {"accept": "1"}).status_code == 403
    client.force_login(vaxjo_admin)
    assert client.post(answer, {"accept": "1"}).status_code == 302
    assert network.members.filter(pk=vaxjo.pk).exists()
    assert User.objects.get(pk=outsider.pk).network_organization_ids == sorted(
        network.members.values_list("pk", flat=True)
    )
    # Answered once: a second answer is refused.
    with pytest.raises(ValidationError):
        services.network_invitation_answer(
            invitation=NetworkInvitation.objects.get(), accept=False, by=vaxjo_admin
        )


def test_network_invitation_decline_keeps_outside(coordinator, vaxjo, vaxjo_admin, network):
    invitation = services.network_invite(network=network, organization=vaxjo, by=coordinator)
    services.network_invitation_answer(invitation=invitation, accept=False, by=vaxjo_admin)
    assert not network.members.filter(pk=vaxjo.pk).exists()
    assert NetworkInvitation.objects.get().state == "declined"


def test_network_invite_twice_is_refused(coordinator, vaxjo, network):
    services.network_invite(network=network, organization=vaxjo, by=coordinator)
    with pytest.raises(ValidationError):
        services.network_invite(network=network, organization=vaxjo, by=coordinator)


def test_network_invite_notifies_invited_admins(coordinator, vaxjo, vaxjo_admin, network):
    services.network_invite(network=network, organization=vaxjo, by=coordinator)
    assert vaxjo_admin.notifications.count() == 1


def test_network_invitation_foreign_admin_cannot_answer(client, coordinator, vaxjo, network):
    invitation = services.network_invite(network=network, organization=vaxjo, by=coordinator)
    other = UserFactory(organization=MunicipalityFactory(name="Lund", municipality_code="1281"),
                        roles=["admin"])  # fmt: skip
    client.force_login(other)
    answer = reverse("organizations:network-invitation-answer", args=[invitation.pk])
    assert client.post(answer, {"accept": "1"}).status_code == 404
    assert not network.members.filter(pk=vaxjo.pk).exists()


def test_network_invite_page_scoped_to_managing_coordinators(
    client, coordinator, staff, outsider, network, vaxjo
):
    url = reverse("organizations:network-invite", args=[network.slug])
    client.force_login(staff)
    assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(coordinator)
    assert client.get(url).status_code == 200
    assert client.post(url, {"organization": vaxjo.pk}).status_code == 302
    assert NetworkInvitation.objects.get().organization == vaxjo


def test_network_leave(client, org_admin, ystad, network, neighbour):
    client.force_login(neighbour)  # staff may not take the municipality out
    url = reverse("organizations:network-leave", args=[network.slug])
    assert client.post(url).status_code == 403
    client.force_login(org_admin)
    assert client.post(url).status_code == 302
    assert not network.members.filter(pk=ystad.pk).exists()


def test_network_detail_shows_coordinators_and_invitations(client, coordinator, network, vaxjo):
    services.network_invite(network=network, organization=vaxjo, by=coordinator)
    client.force_login(coordinator)
    response = client.get(network.get_absolute_url())
    assert list(response.context["coordinators"]) == [coordinator]
    assert [i.organization for i in response.context["pending"]] == [vaxjo]


# --- Supplier self-registrations ------------------------------------------------------------


@pytest.fixture
def registered(db, platform_admin):
    from dialogue.services import supplier_register
    from organizations.validators import org_number_with_check_digit

    return supplier_register(
        company_name="Självreg AB",
        org_number=org_number_with_check_digit("556333444"),
        full_name="Sigrid Själv",
        email="sigrid@sjalv.test",
        password="a-Good-pass-42",
    ).organization


def test_registration_notifies_operator_and_waits(registered, platform_admin):
    assert registered.is_active is False
    assert platform_admin.notifications.count() == 1


def test_operator_approves_registration_and_supplier_signs_in(client, platform_admin, registered):
    client.force_login(platform_admin)
    page = client.get(reverse("organizations:platform-organizations"))
    assert list(page.context["registrations"]) == [registered]
    url = reverse("organizations:registration-decide", args=[registered.slug])
    assert client.post(url, {"approve": "1"}).status_code == 302
    registered.refresh_from_db()
    assert (registered.is_active, registered.registration_state) == (True, "approved")
    client.logout()
    response = client.post(
        reverse("login"), {"username": "sigrid@sjalv.test", "password": "a-Good-pass-42"}
    )
    assert response.status_code == 302


def test_operator_rejects_registration_only_with_reason(client, platform_admin, registered):
    client.force_login(platform_admin)
    url = reverse("organizations:registration-decide", args=[registered.slug])
    client.post(url, {"approve": "0"})
    registered.refresh_from_db()
    assert registered.registration_state == "pending"
    client.post(url, {"approve": "0", "reason": "Okänt företag"})
    registered.refresh_from_db()
    assert (registered.is_active, registered.registration_state) == (False, "rejected")
    assert registered.users.get().notifications.count() == 1
    # Decided once: the page no longer offers it and a second decision answers 404.
    assert client.post(url, {"approve": "1"}).status_code == 404


@pytest.mark.parametrize("who", ["org_admin", "supplier_user"])
def test_registration_decision_forbidden_to_others(client, who, request, registered):
    client.force_login(request.getfixturevalue(who))
    url = reverse("organizations:registration-decide", args=[registered.slug])
    assert client.post(url, {"approve": "1"}).status_code == 403
    registered.refresh_from_db()
    assert registered.is_active is False


def test_operator_administers_its_own_organisation_only(client, platform_admin, org_admin):
    client.force_login(platform_admin)
    response = client.get(reverse("organizations:user-list"))
    assert list(response.context["page_obj"]) == [platform_admin]
    url = reverse("organizations:user-edit", args=[org_admin.pk])
    assert client.get(url).status_code == 404  # other organisations' people: not here


def test_operator_may_manage_any_network(client, platform_admin, network, vaxjo):
    client.force_login(platform_admin)
    url = reverse("organizations:network-invite", args=[network.slug])
    assert client.get(url).status_code == 200
    assert client.post(url, {"organization": vaxjo.pk}).status_code == 302


def test_supplier_sees_no_networks(client, supplier_user, network):
    client.force_login(supplier_user)
    assert client.get(network.get_absolute_url()).status_code == 404
    assert client.get(reverse("organizations:network-invitations")).status_code == 403
    assert client.get(reverse("organizations:network-create")).status_code == 403
