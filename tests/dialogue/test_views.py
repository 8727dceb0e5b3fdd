from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dialogue import services
from dialogue.models import Clarification, Rfi, RfiResponse
from organizations.models import Organization
from organizations.validators import org_number_with_check_digit
from tests.dialogue.conftest import answers_for
from tests.factories.dialogue import ActivityFactory, RfiFactory
from tests.factories.organizations import SupplierFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


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


# --- Answering ---


def _post_answers(rfi, submit=False, text="Vi bygger en app."):
    questions = list(rfi.questions.all())
    data = {
        f"q_{questions[0].pk}": text,
        f"q_{questions[1].pk}": "1 000",
        f"q_{questions[2].pk}": "Ja",
    }
    data["submit" if submit else "draft"] = "1"
    return data


def test_supplier_saves_draft_then_submits(client, rfi, supplier_user):
    client.force_login(supplier_user)
    url = reverse("dialogue:response-edit", args=[rfi.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _post_answers(rfi))
    assert response.status_code == 302
    assert RfiResponse.objects.get().state == "draft"
    page = client.get(url).content.decode()
    assert "Vi bygger en app." in page
    response = client.post(url, _post_answers(rfi, submit=True))
    saved = RfiResponse.objects.get()
    assert response.url == saved.get_absolute_url()
    assert saved.state == "submitted"
    assert saved.answers.get(question__kind="number").number == 1000


def test_submit_missing_required_shows_errors_and_keeps_nothing(client, rfi, supplier_user):
    client.force_login(supplier_user)
    data = _post_answers(rfi, submit=True, text="")
    response = client.post(reverse("dialogue:response-edit", args=[rfi.pk]), data)
    assert response.status_code == 400
    assert "Frågan måste besvaras." in response.content.decode()
    assert not RfiResponse.objects.exists()


def test_answer_after_deadline_is_refused(client, rfi, supplier_user):
    Rfi.objects.filter(pk=rfi.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    client.force_login(supplier_user)
    response = client.post(
        reverse("dialogue:response-edit", args=[rfi.pk]), _post_answers(rfi, submit=True)
    )
    assert response.status_code == 302
    assert not RfiResponse.objects.exists()


def test_supplier_gets_404_on_another_suppliers_answer_draft_and_file(
    client, case, officer, supplier_user, other_supplier_user, django_capture_on_commit_callbacks
):
    rfi = services.rfi_create(
        created_by=officer,
        anchor=case,
        title="RFI",
        background="B",
        need="N",
        deadline=timezone.now() + timedelta(days=3),
        invitation_mode="open",
    )
    question = services.rfi_question_add(rfi=rfi, by=officer, text="Fil", kind="file")
    with django_capture_on_commit_callbacks(execute=True):
        services.rfi_publish(rfi=rfi, by=officer)
    theirs = services.rfi_response_save(
        rfi=rfi,
        user=other_supplier_user,
        answers={},
        files={question.pk: SimpleUploadedFile("hemlig.pdf", PDF)},
    )
    answer = theirs.answers.get()
    client.force_login(supplier_user)
    assert client.get(reverse("dialogue:response-detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("dialogue:answer-file", args=[answer.pk])).status_code == 404
    # The owner reaches both; the officer does not see a draft.
    client.force_login(other_supplier_user)
    assert client.get(reverse("dialogue:response-detail", args=[theirs.pk])).status_code == 200
    file_response = client.get(reverse("dialogue:answer-file", args=[answer.pk]))
    assert file_response.status_code == 200
    assert b"".join(file_response.streaming_content) == PDF
    client.force_login(officer)
    assert client.get(reverse("dialogue:answer-file", args=[answer.pk])).status_code == 404


# --- Comparison and export ---


def test_compare_and_export_show_submitted_answers_only(
    client, rfi, officer, supplier_user, other_supplier_user, outsider
):
    services.rfi_response_save(
        rfi=rfi, user=supplier_user, answers=answers_for(rfi, text="=SUM(A1)"), submit=True
    )
    services.rfi_response_save(
        rfi=rfi, user=other_supplier_user, answers=answers_for(rfi, text="Utkast")
    )
    client.force_login(officer)
    page = client.get(reverse("dialogue:rfi-compare", args=[rfi.pk])).content.decode()
    assert supplier_user.organization.name in page
    assert other_supplier_user.organization.name not in page
    export = client.get(reverse("dialogue:rfi-export", args=[rfi.pk]))
    body = export.content.decode("utf-8")
    assert body.startswith("\ufeff")
    assert "Leverantör;Organisationsnummer" in body
    assert "'=SUM(A1)" in body
    assert "Utkast" not in body
    client.force_login(outsider)
    assert client.get(reverse("dialogue:rfi-compare", args=[rfi.pk])).status_code == 404
    client.force_login(supplier_user)
    assert client.get(reverse("dialogue:rfi-export", args=[rfi.pk])).status_code == 404


def test_compare_query_count_is_flat(
    client, rfi, officer, django_assert_max_num_queries, supplier_user
):
    services.rfi_response_save(rfi=rfi, user=supplier_user, answers=answers_for(rfi), submit=True)
    client.force_login(officer)
    url = reverse("dialogue:rfi-compare", args=[rfi.pk])
    with django_assert_max_num_queries(12):
        client.get(url)
    for _ in range(6):
        user = UserFactory(organization=SupplierFactory(), roles=["supplier"])
        rfi.invitations.create(supplier=user.organization)
        services.rfi_response_save(rfi=rfi, user=user, answers=answers_for(rfi), submit=True)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


# --- Questions and answers ---


def test_asker_is_anonymous_to_other_suppliers(
    client, rfi, officer, supplier_user, other_supplier_user, django_capture_on_commit_callbacks
):
    client.force_login(supplier_user)
    client.post(reverse("dialogue:clarification-ask", args=[rfi.pk]), {"question": "Krävs BankID?"})
    clarification = Clarification.objects.get()
    client.force_login(officer)
    officer_page = client.get(rfi.get_absolute_url()).content.decode()
    assert supplier_user.organization.name in officer_page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("dialogue:clarification-answer", args=[clarification.pk]),
            {"question": "Krävs e-legitimation?", "answer": "Ja."},
        )
    assert response.status_code == 302
    client.force_login(other_supplier_user)
    page = client.get(rfi.get_absolute_url()).content.decode()
    assert "Krävs e-legitimation?" in page
    assert supplier_user.organization.name not in page
    assert supplier_user.full_name not in page


def test_supplier_cannot_answer_a_question(client, rfi, supplier_user):
    clarification = services.clarification_ask(rfi=rfi, user=supplier_user, question="?")
    client.force_login(supplier_user)
    response = client.post(
        reverse("dialogue:clarification-answer", args=[clarification.pk]),
        {"question": "?", "answer": "Jag svarar själv"},
    )
    assert response.status_code == 403
    clarification.refresh_from_db()
    assert clarification.published_at is None


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


# --- Activities ---


def test_activity_create_page(client, officer, case, supplier_user, staff):
    client.force_login(officer)
    url = reverse("dialogue:activity-create-case", args=[case.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "workshop",
            "title": "Workshop om delning",
            "starts_at": (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "internal_participants": [staff.pk],
            "supplier_organizations": [supplier_user.organization_id],
            "supplier_participants": [supplier_user.pk],
            "notes": "Interna anteckningar",
        },
    )
    assert response.status_code == 302


def test_activity_supplier_sees_own_meeting_without_notes(
    client, case, officer, supplier_user, third_supplier_user
):
    activity = services.activity_create(
        created_by=officer,
        anchor=case,
        kind="supplier_meeting",
        title="Möte",
        starts_at=timezone.now(),
        notes="Hemliga interna anteckningar",
        supplier_organizations=[supplier_user.organization],
    )
    client.force_login(supplier_user)
    page = client.get(activity.get_absolute_url())
    assert page.status_code == 200
    assert "Hemliga interna" not in page.content.decode()
    client.force_login(third_supplier_user)
    assert client.get(activity.get_absolute_url()).status_code == 404


def test_activity_files_internal_hidden_from_supplier(client, case, officer, supplier_user):
    activity = services.activity_create(
        created_by=officer,
        anchor=case,
        kind="supplier_meeting",
        title="Möte",
        starts_at=timezone.now(),
        supplier_organizations=[supplier_user.organization],
    )
    internal = services.activity_file_add(
        activity=activity, by=officer, upload=SimpleUploadedFile("intern.pdf", PDF)
    )
    shared = services.activity_file_add(
        activity=activity,
        by=officer,
        upload=SimpleUploadedFile("agenda.pdf", PDF),
        shared_with_suppliers=True,
    )
    client.force_login(supplier_user)
    assert client.get(reverse("dialogue:activity-file", args=[internal.pk])).status_code == 404
    assert client.get(reverse("dialogue:activity-file", args=[shared.pk])).status_code == 200


def test_activity_file_upload_refused_type_shows_message(client, case, officer):
    activity = ActivityFactory(case=case, created_by=officer)
    client.force_login(officer)
    response = client.post(
        reverse("dialogue:activity-file-add", args=[activity.pk]),
        {"file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00" + b"\x00" * 200)},
        follow=True,
    )
    assert (
        "tas inte emot" in response.content.decode() or "not accepted" in response.content.decode()
    )
    assert not activity.files.exists()


def test_consultation_comment_through_page(client, case, officer, supplier_user):
    activity = services.activity_create(
        created_by=officer,
        anchor=case,
        kind="consultation",
        title="Remiss",
        starts_at=timezone.now(),
        comments_until=timezone.now() + timedelta(days=3),
        supplier_organizations=[supplier_user.organization],
    )
    section = services.consultation_section_add(activity=activity, by=officer, heading="Krav")
    client.force_login(supplier_user)
    response = client.post(reverse("dialogue:comment-add", args=[section.pk]), {"text": "Otydligt"})
    assert response.status_code == 302
    assert section.comments.get().organization == supplier_user.organization


# --- Dashboard ---


def test_supplier_dashboard_shows_portal_cards(client, rfi, supplier_user, third_supplier_user):
    client.force_login(supplier_user)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert rfi.title in page
    client.force_login(third_supplier_user)
    assert rfi.title not in client.get(reverse("core:dashboard")).content.decode()


def test_officer_dashboard_card(client, rfi, officer):
    client.force_login(officer)
    assert rfi.title in client.get(reverse("core:dashboard")).content.decode()


@pytest.mark.parametrize("name", ["dialogue:index", "dialogue:rfi-list", "dialogue:activity-list"])
def test_pages_need_login(client, db, name):
    assert client.get(reverse(name)).status_code == 302


def test_cached_officer_card_follows_a_new_question(
    client, rfi, officer, supplier_user, django_capture_on_commit_callbacks
):
    def card() -> str:
        client.force_login(officer)
        client.cookies["django_language"] = "en"
        sections = client.get(reverse("core:dashboard")).context["sections"]
        return next(s.html for s in sections if s.template == "dialogue/dashboard/officer.html")

    assert "wait for an answer" not in card() and "waits for an answer" not in card()
    with django_capture_on_commit_callbacks(execute=True):
        services.clarification_ask(rfi=rfi, user=supplier_user, question="Gäller det alla skolor?")
    assert "1 supplier question waits for an answer" in card()
