"""Supplier registration and profile (services)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dialogue import services
from organizations.models import Organization, User
from organizations.validators import org_number_with_check_digit

# --- Supplier registration ---


def test_supplier_register_creates_company_profile_and_admin_user(db):
    user = services.supplier_register(
        company_name="Ny Leverantör AB",
        org_number=org_number_with_check_digit("556111222"),
        full_name="Ada Ny",
        email="Ada@Ny.test",
        password="a-Good-pass-42",
    )
    assert user.email == "ada@ny.test"
    assert user.organization.is_supplier
    assert sorted(user.roles) == ["admin", "supplier"]
    assert user.organization.supplier_profile is not None
    assert user.check_password("a-Good-pass-42")


def test_supplier_register_wrong_check_digit_changes_nothing(db):
    number = org_number_with_check_digit("556111222")
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    with pytest.raises(ValidationError) as exc:
        services.supplier_register(
            company_name="Fel AB",
            org_number=wrong,
            full_name="Ada",
            email="ada@fel.test",
            password="a-Good-pass-42",
        )
    assert "kontrollsiffran" in str(exc.value) or "check digit" in str(exc.value)
    assert not Organization.objects.filter(name="Fel AB").exists()
    assert not User.objects.filter(email="ada@fel.test").exists()


def test_supplier_register_weak_password_and_taken_email_refused(supplier_user):
    with pytest.raises(ValidationError) as exc:
        services.supplier_register(
            company_name="X AB",
            org_number=org_number_with_check_digit("556111333"),
            full_name="X",
            email=supplier_user.email,
            password="123",
        )
    assert set(exc.value.error_dict) == {"email", "password1"}
    assert not Organization.objects.filter(name="X AB").exists()


def test_supplier_profile_update_sets_cpv_codes(supplier_user):
    profile = services.supplier_profile_update(
        user=supplier_user, description="Vi bygger appar", cpv_codes=["72000000-5"]
    )
    assert list(profile.cpv_codes.values_list("code", flat=True)) == ["72000000-5"]


def test_supplier_profile_update_refused_for_municipal_user(officer):
    with pytest.raises(PermissionDenied):
        services.supplier_profile_update(user=officer, description="", cpv_codes=[])
