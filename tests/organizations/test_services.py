from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from notifications.models import OutboxEmail
from organizations import services
from organizations.models import Invitation, Organization, User
from tests.factories.organizations import SupplierFactory


def test_all_290_municipalities_are_loaded(db):
    services.municipalities_load()  # the migration loaded them; a flushed test DB may not have
    assert Organization.objects.filter(kind="municipality").count() == 290
    ystad = Organization.objects.get(municipality_code="1286")
    assert (ystad.name, ystad.county_name) == ("Ystad", "Skåne län")


def test_municipalities_load_is_idempotent(db):
    services.municipalities_load()
    assert services.municipalities_load() == (0, 0)
    Organization.objects.filter(municipality_code="1286").update(name="Ystadd")
    assert services.municipalities_load() == (0, 1)
    assert Organization.objects.get(municipality_code="1286").name == "Ystad"
    assert Organization.objects.filter(kind="municipality").count() == 290


def test_supplier_create_normalizes_and_stores(db):
    supplier = services.supplier_create(name="Myloc AB", org_number="5560360793")
    assert supplier.org_number == "556036-0793"
    assert supplier.kind == "supplier"


def test_supplier_create_wrong_check_digit_changes_nothing(db):
    before = Organization.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        services.supplier_create(name="Fel AB", org_number="556036-0794")
    assert "556036-0794" in str(excinfo.value)
    assert Organization.objects.count() == before


def test_supplier_create_duplicate_org_number_is_refused(db):
    SupplierFactory(org_number="556036-0793")
    with pytest.raises(ValidationError) as excinfo:
        services.supplier_create(name="Kopia AB", org_number="556036-0793")
    assert "org_number" in excinfo.value.error_dict


def test_invitation_create_by_org_admin_queues_one_email(
    org_admin, ystad, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invitation_create(
            invited_by=org_admin,
            email="New.Person@Ystad.test",
            organization=ystad,
            roles=["officer"],
        )
    assert invitation.email == "new.person@ystad.test"
    assert invitation.token_hash != token
    assert OutboxEmail.objects.get().state == "sent"
    assert len(mailoutbox) == 1
    assert token in mailoutbox[0].body
    assert mailoutbox[0].to == ["new.person@ystad.test"]


def test_invitation_create_by_staff_is_forbidden(staff, ystad):
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            invited_by=staff, email="x@ystad.test", organization=ystad, roles=["staff"]
        )
    assert not Invitation.objects.exists()


def test_invitation_org_admin_cannot_invite_to_other_municipality(org_admin, trelleborg):
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            invited_by=org_admin, email="x@t.test", organization=trelleborg, roles=["staff"]
        )


def test_invitation_duplicate_email_of_existing_user_is_refused(org_admin, ystad, staff):
    with pytest.raises(ValidationError) as excinfo:
        services.invitation_create(
            invited_by=org_admin, email=staff.email.upper(), organization=ystad, roles=["staff"]
        )
    assert "email" in excinfo.value.error_dict
    assert not Invitation.objects.exists()


def test_invitation_second_open_invitation_is_refused(org_admin, ystad):
    services.invitation_create(
        invited_by=org_admin, email="a@y.test", organization=ystad, roles=["staff"]
    )
    with pytest.raises(ValidationError):
        services.invitation_create(
            invited_by=org_admin, email="a@y.test", organization=ystad, roles=["staff"]
        )
    assert Invitation.objects.count() == 1


def test_invitation_expired_one_is_replaced(org_admin, ystad):
    old, _ = services.invitation_create(
        invited_by=org_admin, email="a@y.test", organization=ystad, roles=["staff"]
    )
    Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    new, _ = services.invitation_create(
        invited_by=org_admin, email="a@y.test", organization=ystad, roles=["staff"]
    )
    old.refresh_from_db()
    assert old.revoked_at is not None
    assert new.pk != old.pk


def test_invitation_supplier_role_does_not_fit_municipality(org_admin, ystad):
    with pytest.raises(ValidationError) as excinfo:
        services.invitation_create(
            invited_by=org_admin, email="a@y.test", organization=ystad, roles=["supplier"]
        )
    assert "roles" in excinfo.value.error_dict


def test_invitation_accept_creates_user_once(org_admin, ystad):
    _inv, token = services.invitation_create(
        invited_by=org_admin, email="a@y.test", organization=ystad, roles=["officer", "evaluator"]
    )
    user = services.invitation_accept(token=token, full_name="Ada Y", password="a-Good-pass-42")
    assert (user.organization, user.roles) == (ystad, ["officer", "evaluator"])
    assert user.check_password("a-Good-pass-42")
    with pytest.raises(ValidationError) as excinfo:
        services.invitation_accept(token=token, full_name="Ada Y", password="a-Good-pass-42")
    assert excinfo.value.code == "used"
    assert User.objects.filter(email="a@y.test").count() == 1


def test_invitation_accept_expired_is_refused(org_admin, ystad):
    inv, token = services.invitation_create(
        invited_by=org_admin, email="a@y.test", organization=ystad, roles=["staff"]
    )
    Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError) as excinfo:
        services.invitation_accept(token=token, full_name="A", password="a-Good-pass-42")
    assert excinfo.value.code == "expired"
    assert not User.objects.filter(email="a@y.test").exists()


def test_invitation_accept_weak_password_changes_nothing(org_admin, ystad):
    inv, token = services.invitation_create(
        invited_by=org_admin, email="a@y.test", organization=ystad, roles=["staff"]
    )
    with pytest.raises(ValidationError):
        services.invitation_accept(token=token, full_name="A", password="123")
    inv.refresh_from_db()
    assert inv.accepted_at is None
    assert not User.objects.filter(email="a@y.test").exists()


def test_invitation_accept_unknown_token(db):
    with pytest.raises(ValidationError) as excinfo:
        services.invitation_accept(token="nope", full_name="A", password="a-Good-pass-42")
    assert excinfo.value.code == "invalid"


def test_user_email_is_unique_case_insensitively(staff):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email=staff.email.upper(), organization=staff.organization)


def test_database_refuses_unknown_role(staff):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=staff.pk).update(roles=["king"])
