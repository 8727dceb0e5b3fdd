"""Suppliers' answers to an RFI and their isolation from each other (services)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dialogue import selectors, services
from dialogue.models import (
    Rfi,
    RfiResponse,
    SupplierMessage,
)
from tests.dialogue.conftest import answers_for
from tests.dialogue.conftest import rfi_kwargs as _rfi_kwargs

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# --- Answers ---


def test_response_draft_then_submit(rfi, supplier_user):
    questions = list(rfi.questions.all())
    draft = services.rfi_response_save(
        rfi=rfi, user=supplier_user, answers={questions[0].pk: "Utkast"}
    )
    assert draft.state == "draft"
    submitted = services.rfi_response_save(
        rfi=rfi, user=supplier_user, answers=answers_for(rfi), submit=True
    )
    assert submitted.pk == draft.pk
    assert submitted.state == "submitted"
    assert submitted.answers.get(question=questions[1]).number == 1000
    assert SupplierMessage.objects.filter(direction="from_supplier", rfi=rfi).count() == 1


def test_response_submit_missing_required_changes_nothing(rfi, supplier_user):
    questions = list(rfi.questions.all())
    with pytest.raises(ValidationError) as exc:
        services.rfi_response_save(
            rfi=rfi, user=supplier_user, answers={questions[1].pk: "5"}, submit=True
        )
    assert set(exc.value.error_dict) == {f"q_{questions[0].pk}", f"q_{questions[2].pk}"}
    assert not RfiResponse.objects.exists()


def test_response_bad_option_and_number_are_refused(rfi, supplier_user):
    with pytest.raises(ValidationError) as exc:
        services.rfi_response_save(
            rfi=rfi, user=supplier_user, answers=answers_for(rfi, number="tio", single="Kanske")
        )
    assert len(exc.value.error_dict) == 2


def test_response_after_deadline_is_refused(rfi, supplier_user):
    services.rfi_response_save(rfi=rfi, user=supplier_user, answers=answers_for(rfi))
    Rfi.objects.filter(pk=rfi.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError, match=r"deadline|Sista"):
        services.rfi_response_save(
            rfi=rfi, user=supplier_user, answers=answers_for(rfi), submit=True
        )
    assert RfiResponse.objects.get().state == "draft"


def test_response_by_uninvited_supplier_is_refused(rfi, third_supplier_user):
    with pytest.raises(PermissionDenied):
        services.rfi_response_save(rfi=rfi, user=third_supplier_user, answers=answers_for(rfi))
    assert not RfiResponse.objects.exists()


def test_response_submitted_cannot_go_back_to_draft(rfi, supplier_user):
    services.rfi_response_save(rfi=rfi, user=supplier_user, answers=answers_for(rfi), submit=True)
    with pytest.raises(ValidationError):
        services.rfi_response_save(rfi=rfi, user=supplier_user, answers=answers_for(rfi))
    assert RfiResponse.objects.get().state == "submitted"


@pytest.fixture
def file_rfi(case, officer, supplier_user, django_capture_on_commit_callbacks):
    rfi = services.rfi_create(created_by=officer, anchor=case, **_rfi_kwargs())
    services.rfi_question_add(rfi=rfi, by=officer, text="Bifoga broschyr", kind="file")
    with django_capture_on_commit_callbacks(execute=True):
        return services.rfi_publish(rfi=rfi, by=officer)


def test_response_file_of_refused_type_is_refused(file_rfi, supplier_user):
    question = file_rfi.questions.get()
    upload = SimpleUploadedFile("x.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(ValidationError) as exc:
        services.rfi_response_save(
            rfi=file_rfi, user=supplier_user, answers={}, files={question.pk: upload}
        )
    assert f"q_{question.pk}" in exc.value.error_dict
    assert not RfiResponse.objects.exists()


def test_response_file_over_limit_is_refused(file_rfi, supplier_user, monkeypatch):
    monkeypatch.setattr("dialogue.services.responses.ANSWER_FILE_MAX_BYTES", 10)
    question = file_rfi.questions.get()
    with pytest.raises(ValidationError, match="MB"):
        services.rfi_response_save(
            rfi=file_rfi,
            user=supplier_user,
            answers={},
            files={question.pk: SimpleUploadedFile("b.pdf", PDF)},
        )


def test_response_file_kept_on_resubmit(file_rfi, supplier_user):
    question = file_rfi.questions.get()
    services.rfi_response_save(
        rfi=file_rfi,
        user=supplier_user,
        answers={},
        files={question.pk: SimpleUploadedFile("broschyr.pdf", PDF)},
        submit=True,
    )
    response = services.rfi_response_save(rfi=file_rfi, user=supplier_user, answers={}, submit=True)
    answer = response.answers.get()
    assert answer.file_name == "broschyr.pdf"
    assert answer.file.name.startswith("dialogue/answers/")
    assert "broschyr" not in answer.file.name


# --- Isolation ---


def test_supplier_sees_only_own_responses_and_answers(rfi, supplier_user, other_supplier_user):
    mine = services.rfi_response_save(rfi=rfi, user=supplier_user, answers=answers_for(rfi))
    theirs = services.rfi_response_save(
        rfi=rfi, user=other_supplier_user, answers=answers_for(rfi), submit=True
    )
    assert list(selectors.responses_for_user(supplier_user)) == [mine]
    assert list(selectors.responses_for_user(other_supplier_user)) == [theirs]
    assert {a.response_id for a in selectors.answers_for_user(supplier_user)} == {mine.pk}


def test_officer_sees_only_submitted_responses_of_visible_rfis(
    rfi, supplier_user, other_supplier_user, officer, neighbour, outsider
):
    services.rfi_response_save(rfi=rfi, user=supplier_user, answers=answers_for(rfi))
    theirs = services.rfi_response_save(
        rfi=rfi, user=other_supplier_user, answers=answers_for(rfi), submit=True
    )
    assert list(selectors.responses_for_user(officer)) == [theirs]
    assert list(selectors.responses_for_user(neighbour)) == [theirs]  # Trelleborg takes part
    assert list(selectors.responses_for_user(outsider)) == []


def test_uninvited_supplier_does_not_see_chosen_rfi(rfi, third_supplier_user, supplier_user):
    assert list(selectors.rfis_for_user(third_supplier_user)) == []
    assert list(selectors.rfis_for_user(supplier_user)) == [rfi]


def test_draft_rfi_invisible_to_suppliers(draft_rfi, supplier_user):
    assert list(selectors.rfis_for_user(supplier_user)) == []
