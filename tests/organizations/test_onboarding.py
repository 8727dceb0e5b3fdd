"""The platform operator onboards every kind of organisation (issue 21): a municipality
from the register, a supplier, and the external kinds (authority, region, funder, research
organisation, consultancy) by name, kind and checked organisation number."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from organizations import services
from organizations.enums import EXTERNAL_KINDS
from organizations.models import Invitation, Organization
from organizations.validators import org_number_with_check_digit

VINNOVA = org_number_with_check_digit("202100521")
WRONG_CHECK_DIGIT = VINNOVA[:-1] + str((int(VINNOVA[-1]) + 1) % 10)


def onboard(client, **data):
    return client.post(
        reverse("organizations:platform-organizations"),
        {"kind": "funder", "name": "Vinnova", "org_number": VINNOVA, "admin_email": "a@v.test"}
        | data,
    )


@pytest.mark.parametrize("kind", [str(kind) for kind in EXTERNAL_KINDS])
def test_onboard_external_kind_registers_it_and_invites_admin(client, platform_admin, kind):
    client.force_login(platform_admin)
    response = onboard(client, kind=kind)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    organization = invitation.organization
    assert (organization.kind, organization.name, organization.org_number) == (
        kind,
        "Vinnova",
        VINNOVA,
    )
    assert invitation.roles == ["external", "admin"]


def test_onboard_page_offers_every_kind(client, platform_admin):
    client.force_login(platform_admin)
    response = client.get(reverse("organizations:platform-organizations"))
    kinds = [value for value, _label in response.context["form"].fields["kind"].choices]
    assert kinds == ["municipality", "supplier", *[str(k) for k in EXTERNAL_KINDS]]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"org_number": WRONG_CHECK_DIGIT}, "org_number"),
        ({"org_number": ""}, "org_number"),
        ({"name": ""}, "name"),
        ({"kind": "platform"}, "kind"),
    ],
)
def test_onboard_external_refuses_bad_input(client, platform_admin, data, field):
    client.force_login(platform_admin)
    response = onboard(client, **data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Invitation.objects.exists()
    assert not Organization.objects.filter(name="Vinnova").exists()


def test_onboard_external_refuses_an_org_number_already_registered(client, platform_admin):
    services.external_organization_create(name="Vinnova", kind="funder", org_number=VINNOVA)
    client.force_login(platform_admin)
    response = onboard(client, name="Vinnova igen")
    assert response.status_code == 200
    assert response.context["form"].errors["org_number"]
    assert not Invitation.objects.exists()


def test_external_organization_create_refuses_non_external_kind(db):
    with pytest.raises(ValidationError) as info:
        services.external_organization_create(name="X AB", kind="supplier", org_number=VINNOVA)
    assert "kind" in info.value.error_dict
    assert not Organization.objects.filter(name="X AB").exists()


@pytest.mark.parametrize("who", ["org_admin", "staff", "supplier_user"])
def test_organization_onboard_only_by_platform_operator(request, who):
    with pytest.raises(PermissionDenied):
        services.organization_onboard(
            by=request.getfixturevalue(who),
            kind="funder",
            name="Vinnova",
            org_number=VINNOVA,
            admin_email="a@v.test",
        )
    assert not Organization.objects.filter(name="Vinnova").exists()


def test_organization_onboard_municipality_needs_a_municipality(platform_admin, supplier_org):
    with pytest.raises(ValidationError):
        services.organization_onboard(
            by=platform_admin, kind="municipality", municipality=supplier_org, admin_email="a@b.c"
        )
    assert not Invitation.objects.exists()


def test_onboarded_funder_admin_joins_and_invites_external_colleague(platform_admin):
    organization, _invitation = services.organization_onboard(
        by=platform_admin,
        kind="funder",
        name="Vinnova",
        org_number=VINNOVA,
        admin_email="chef@vinnova.test",
    )
    _inv, token = services.invitation_create(
        invited_by=platform_admin,
        email="chef2@vinnova.test",
        organization=organization,
        roles=["external", "admin"],
    )
    admin = services.invitation_accept(token=token, full_name="Vera", password="Lång-lösen-123")
    colleague, _token = services.invitation_create(
        invited_by=admin, email="hand@vinnova.test", organization=organization, roles=["external"]
    )
    assert colleague.organization == organization
    with pytest.raises(ValidationError):
        services.invitation_create(
            invited_by=admin, email="x@vinnova.test", organization=organization, roles=["staff"]
        )


@pytest.mark.parametrize(
    ("who", "status"),
    [("org_admin", 403), ("staff", 403), ("supplier_user", 403), ("platform_admin", 302)],
)
def test_onboard_page_permission(client, request, who, status):
    client.force_login(request.getfixturevalue(who))
    assert onboard(client).status_code == status
