"""RFI pages, the lists and the dialogue pages of a case and a challenge."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from dialogue.models import Rfi
from tests.factories.dialogue import ActivityFactory, RfiFactory

# --- RFI pages ---


def test_officer_creates_rfi_past_deadline_gets_message(client, officer, case, supplier_org):
    client.force_login(officer)
    url = reverse("dialogue:rfi-create-case", args=[case.pk])
    assert client.get(url).status_code == 200
    data = {
        "title": "RFI",
        "background": "B",
        "need": "N",
        "deadline": (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "invitation_mode": "chosen",
        "chosen_suppliers": [supplier_org.pk],
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "deadline" in response.context["form"].errors
    assert not Rfi.objects.exists()
    data["deadline"] = (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, data)
    rfi = Rfi.objects.get()
    assert response.url == rfi.get_absolute_url()
    assert list(rfi.chosen_suppliers.all()) == [supplier_org]


def test_rfi_create_forged_non_supplier_refused(client, officer, case, trelleborg):
    client.force_login(officer)
    response = client.post(
        reverse("dialogue:rfi-create-case", args=[case.pk]),
        {
            "title": "RFI",
            "background": "B",
            "need": "N",
            "deadline": (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
            "invitation_mode": "chosen",
            "chosen_suppliers": [trelleborg.pk],
        },
    )
    assert "chosen_suppliers" in response.context["form"].errors
    assert not Rfi.objects.exists()


def test_rfi_create_page_outsider_404_staff_403(client, case, outsider, staff):
    client.force_login(outsider)
    assert client.get(reverse("dialogue:rfi-create-case", args=[case.pk])).status_code == 404
    client.force_login(staff)
    assert client.get(reverse("dialogue:rfi-create-case", args=[case.pk])).status_code == 403


def test_question_add_and_publish_through_pages(
    client, officer, draft_rfi, supplier_user, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    response = client.post(
        reverse("dialogue:question-add", args=[draft_rfi.pk]),
        {"text": "Vilka?", "kind": "multiple", "choices": "A\nB\nC", "required": "on"},
    )
    assert response.status_code == 302
    assert draft_rfi.questions.last().choices == ["A", "B", "C"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dialogue:rfi-publish", args=[draft_rfi.pk]))
    assert response.status_code == 302
    draft_rfi.refresh_from_db()
    assert draft_rfi.state == "published"
    assert supplier_user.email in [m.to[0] for m in mailoutbox]


def test_publish_is_post_only(client, officer, draft_rfi):
    client.force_login(officer)
    assert client.get(reverse("dialogue:rfi-publish", args=[draft_rfi.pk])).status_code == 405


def test_rfi_detail_visibility(
    client, rfi, officer, neighbour, outsider, supplier_user, third_supplier_user
):
    url = rfi.get_absolute_url()
    for user, status in [
        (officer, 200),
        (neighbour, 200),
        (outsider, 404),
        (supplier_user, 200),
        (third_supplier_user, 404),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_draft_rfi_is_404_for_invited_supplier(client, draft_rfi, supplier_user):
    client.force_login(supplier_user)
    assert client.get(draft_rfi.get_absolute_url()).status_code == 404


# --- Lists and query counts ---


def test_rfi_list_query_count_flat(client, officer, case, django_assert_max_num_queries):
    client.force_login(officer)
    RfiFactory(case=case, created_by=officer)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("dialogue:rfi-list")).status_code == 200
    RfiFactory.create_batch(15, case=case, created_by=officer)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("dialogue:rfi-list"))
    assert len(response.context["page_obj"]) == 16


def test_supplier_rfi_list_shows_only_invited(
    client, rfi, supplier_user, third_supplier_user, django_assert_max_num_queries
):
    client.force_login(third_supplier_user)
    assert rfi.title not in client.get(reverse("dialogue:rfi-list")).content.decode()
    client.force_login(supplier_user)
    with django_assert_max_num_queries(10):
        assert rfi.title in client.get(reverse("dialogue:rfi-list")).content.decode()


def test_activity_list_query_count_flat(client, officer, case, django_assert_max_num_queries):
    client.force_login(officer)
    ActivityFactory(case=case, created_by=officer)
    with django_assert_max_num_queries(10):
        client.get(reverse("dialogue:activity-list"))
    ActivityFactory.create_batch(12, case=case, created_by=officer)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("dialogue:activity-list"))
    assert len(response.context["page_obj"]) == 13


def test_case_dialogue_page_and_outsider(client, rfi, officer, outsider, supplier_user):
    client.force_login(officer)
    page = client.get(reverse("dialogue:case-dialogue", args=[rfi.case_id]))
    assert page.status_code == 200
    assert "Inbjudan att besvara" in page.content.decode()  # the message log
    client.force_login(outsider)
    assert client.get(reverse("dialogue:case-dialogue", args=[rfi.case_id])).status_code == 404
    client.force_login(supplier_user)
    assert client.get(reverse("dialogue:case-dialogue", args=[rfi.case_id])).status_code == 404


def test_challenge_dialogue_page(client, challenge, officer, outsider):
    ActivityFactory(case=None, challenge=challenge, created_by=officer, title="Heldag i Växjö")
    client.force_login(officer)
    page = client.get(reverse("dialogue:challenge-dialogue", args=[challenge.pk]))
    assert "Heldag i Växjö" in page.content.decode()
    client.force_login(outsider)
    assert (
        client.get(reverse("dialogue:challenge-dialogue", args=[challenge.pk])).status_code == 404
    )
