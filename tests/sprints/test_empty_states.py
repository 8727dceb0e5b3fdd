"""Every sprints list, when empty, says what to do first (in the user's language, Swedish)."""

import pytest
from django.urls import reverse


def _page(client, user, name, *args, query=""):
    client.force_login(user)
    response = client.get(reverse(f"sprints:{name}", args=args) + query)
    assert response.status_code == 200
    return response.content.decode()


def test_call_off_list_empty_for_a_municipality_points_to_the_agreements(client, staff):
    page = _page(client, staff, "calloff-list")
    assert "Inga avrop ännu. Öppna ett ramavtal och avropa en sprint" in page
    assert page.count(f'href="{reverse("sprints:agreement-list")}"') == 1  # at the top


def test_call_off_list_empty_for_a_supplier_points_to_its_teams(client, pwc):
    page = _page(client, pwc.user, "calloff-list")
    assert "Inget avrop har riktats till er ännu." in page
    assert "lägg först till ett facilitatorteam" in page
    assert "Lägg till ett facilitatorteam" in page
    assert "Öppna ett ramavtal och avropa" not in page


def test_call_off_list_empty_filter_offers_all_call_offs(client, staff, make_call_off):
    make_call_off()  # offered, not booked
    page = _page(client, staff, "calloff-list", query="?state=booked")
    assert "Inga avrop i det här läget." in page
    assert "Visa alla avrop" in page


def test_agreement_list_empty_for_a_supplier_says_who_adds_it(client, supplier_user):
    page = _page(client, supplier_user, "agreement-list")
    assert "Ni finns ännu inte med i något ramavtal för designsprintar." in page


def test_agreement_list_empty_for_a_municipality_says_who_makes_one(client, officer):
    page = _page(client, officer, "agreement-list")
    assert "Inga ramavtal ännu. En upphandlare skapar ett" in page
    assert reverse("sprints:agreement-create") in page


@pytest.mark.parametrize(
    ("role", "text"),
    [
        ("staff", "Passen visas här när er kommun avropar en sprint enligt ett ramavtal."),
        ("supplier_user", "Passen visas här när ni erbjuds ett avrop eller antar ett."),
    ],
)
def test_calendar_empty_says_where_sessions_come_from(client, request, role, text):
    page = _page(client, request.getfixturevalue(role), "calendar")
    assert "Inga pass den här månaden." in page
    assert text in page


def test_prototype_list_empty_says_where_prototypes_come_from(client, staff):
    page = _page(client, staff, "prototype-list")
    assert "Inga prototyper i nätverket ännu." in page
    assert "lägger till prototyperna på avropets sida" in page


def test_closure_days_empty_says_to_add_them_first(client, officer):
    page = _page(client, officer, "closure-days")
    assert "Inga stängningsdagar framöver." in page


def test_rooms_empty_says_to_add_one_first(client, officer):
    page = _page(client, officer, "room-list")
    assert "Inga lokaler ännu: lägg till en nedan innan du gör ett avrop." in page


def test_teams_empty_says_to_add_one_first(client, supplier_user):
    page = _page(client, supplier_user, "team-list")
    assert "Inga team ännu: lägg till ett nedan" in page


def test_distribution_empty_says_no_call_offs_yet(client, officer, agreement):
    page = _page(client, officer, "agreement-distribution", agreement.pk)
    assert page.count("Inga avrop enligt det här ramavtalet ännu.") == 3
    assert "Ingen leverantör har förbigåtts." in page


def test_participants_empty_tells_the_municipality_to_add_and_invite(client, staff, booked):
    page = _page(client, staff, "calloff-detail", booked.pk)
    assert "Inga deltagare ännu: lägg till de som deltar och skicka sedan inbjudningarna." in page
