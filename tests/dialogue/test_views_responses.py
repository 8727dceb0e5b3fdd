"""Answering an RFI, and comparing and exporting the answers."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dialogue import services
from dialogue.models import Rfi, RfiResponse
from tests.dialogue.conftest import answers_for
from tests.factories.organizations import SupplierFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


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
