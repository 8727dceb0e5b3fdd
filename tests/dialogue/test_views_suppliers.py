"""Pages of supplier registration, the profile and the CPV search."""

from django.urls import reverse

from organizations.models import Organization
from organizations.validators import org_number_with_check_digit

# --- Registration and profile ---


def test_register_page_creates_company_waiting_for_approval(client, db):
    url = reverse("dialogue:supplier-register")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "company_name": "Nya Appar AB",
            "org_number": org_number_with_check_digit("556777888").replace("-", ""),
            "full_name": "Nina Ny",
            "email": "nina@appar.test",
            "password1": "a-Good-pass-42",
            "password2": "a-Good-pass-42",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("login")
    company = Organization.objects.get(name="Nya Appar AB")
    assert company.users.get().email == "nina@appar.test"
    assert (company.is_active, company.registration_state) == (False, "pending")
    # Not signed in, and signing in waits for the platform operator's approval.
    assert client.get(reverse("dialogue:profile-edit")).status_code == 302
    response = client.post(
        reverse("login"), {"username": "nina@appar.test", "password": "a-Good-pass-42"}
    )
    assert response.status_code == 200
    assert "godkännande" in response.content.decode()


def test_register_wrong_check_digit_shows_message_and_creates_nothing(client, db):
    number = org_number_with_check_digit("556777888")
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    response = client.post(
        reverse("dialogue:supplier-register"),
        {
            "company_name": "Fel AB",
            "org_number": wrong,
            "full_name": "Nina",
            "email": "nina@fel.test",
            "password1": "a-Good-pass-42",
            "password2": "a-Good-pass-42",
        },
    )
    assert response.status_code == 200
    assert "org_number" in response.context["form"].errors
    assert "kontrollsiffran" in response.content.decode()
    assert not Organization.objects.filter(name="Fel AB").exists()


def test_profile_page_saves_cpv_codes_and_is_refused_to_municipal_users(
    client, supplier_user, officer
):
    client.force_login(supplier_user)
    response = client.post(
        reverse("dialogue:profile-edit"),
        {"description": "Appar", "cpv_codes": ["72000000-5", "48000000-8"]},
    )
    assert response.status_code == 302
    profile = supplier_user.organization.supplier_profile
    assert sorted(profile.cpv_codes.values_list("code", flat=True)) == [
        "48000000-8",
        "72000000-5",
    ]
    page = client.get(reverse("dialogue:profile-edit")).content.decode()
    assert "72000000-5" in page
    client.force_login(officer)
    assert client.get(reverse("dialogue:profile-edit")).status_code == 403


def test_cpv_search_returns_matches(client, supplier_user):
    client.force_login(supplier_user)
    response = client.get(
        reverse("dialogue:cpv-search"), {"q": "3913", "field": "cpv_codes"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "39130000-2" in response.content.decode()
    assert client.get(reverse("dialogue:cpv-search"), {"field": "evil"}).status_code == 404
