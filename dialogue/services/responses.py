"""Suppliers' responses to an RFI: answers (values and files), saved as drafts or submitted."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.files import DOCUMENT_TYPES, validate_upload
from core.history import acting_as

from .. import selectors
from ..enums import (
    CHOICE_KINDS,
    Direction,
    QuestionKind,
    ResponseState,
)
from ..models import (
    Rfi,
    RfiAnswer,
    RfiQuestion,
    RfiResponse,
)
from .common import ANSWER_FILE_MAX_BYTES, _in_default_language, _log


def _clean_value(question: RfiQuestion, value):
    """Normalise one submitted value; raise ValidationError(message) when it is wrong."""
    kind = question.kind
    if kind == QuestionKind.TEXT:
        return (value or "").strip()
    if kind == QuestionKind.SINGLE:
        value = (value or "").strip()
        if value and value not in question.choices:
            raise ValidationError(_("Choose one of the options."))
        return [value] if value else []
    if kind == QuestionKind.MULTIPLE:
        values = [v for v in (value or []) if v]
        if any(v not in question.choices for v in values):
            raise ValidationError(_("Choose among the options."))
        return values
    if kind == QuestionKind.NUMBER:
        if value in (None, ""):
            return None
        try:
            number = Decimal(str(value).replace(",", ".").replace(" ", ""))
        except InvalidOperation as exc:
            raise ValidationError(_("Enter a number.")) from exc
        if not number.is_finite() or abs(number) >= Decimal("1e14"):
            raise ValidationError(_("Enter a number."))
        return number
    return value  # a file: validated by the caller


def _answer_files_store(rfi: Rfi, files: dict) -> tuple[dict, dict]:
    """Check and store the uploaded answer files before any lock is taken (they may be
    large). Returns ({question id: (stored name, original name)}, {field: errors})."""
    file_questions = set(
        RfiQuestion.objects.filter(rfi=rfi, kind=QuestionKind.FILE).values_list("pk", flat=True)
    )
    errors: dict[str, list] = {}
    valid = {}
    for question_id, upload in files.items():
        if not upload or question_id not in file_questions:
            continue
        try:
            validate_upload(upload, allowed_types=DOCUMENT_TYPES, max_bytes=ANSWER_FILE_MAX_BYTES)
        except ValidationError as exc:
            errors[f"q_{question_id}"] = exc.messages
        else:
            valid[question_id] = upload
    stored = {}
    if not errors:
        field = RfiAnswer._meta.get_field("file")
        try:
            for question_id, upload in valid.items():
                upload.seek(0)
                name = field.storage.save(field.generate_filename(None, upload.name), upload)
                stored[question_id] = (name, upload.name[:255])
        except BaseException:
            _answer_files_forget(stored)
            raise
    return stored, errors


def _answer_files_forget(stored: dict) -> None:
    storage = RfiAnswer._meta.get_field("file").storage
    for name, _original in stored.values():
        storage.delete(name)


def rfi_response_save(
    *,
    rfi: Rfi,
    user,
    answers: dict,
    files: dict | None = None,
    submit: bool = False,
    arrived_at=None,
) -> RfiResponse:
    """Save the supplier's answers as a draft, or submit them.

    Before the deadline only, judged by `arrived_at` (when the request reached
    Samverka; default now) with the same rule as bids (`core.arrival.arrived_in_time`),
    checked again under the RFI's row lock. Files are checked by content and size and
    stored before the lock is taken (removed again if the answer is refused). A submit
    needs every required question answered. A submitted answer can be resubmitted
    (changed) until the deadline, not turned back into a draft; `submitted_at` is the
    arrival time.

    `answers` maps question id to value (text, option, list of options, number);
    `files` maps question id to an uploaded file.
    Side effects on submit: a logged message from the supplier; a notice to the RFI's
    author.
    """
    files = files or {}
    arrived_at = arrived_at or timezone.now()
    if not user.is_supplier_user:
        raise PermissionDenied(_("Only suppliers answer requests for information."))
    if not Rfi.objects.only("state", "deadline").get(pk=rfi.pk).open_at(arrived_at):
        raise ValidationError(_("The deadline has passed; no answers are accepted."))
    stored, file_errors = _answer_files_store(rfi, files)
    try:
        return _rfi_response_save_locked(
            rfi=rfi,
            user=user,
            answers=answers,
            stored=stored,
            file_errors=file_errors,
            submit=submit,
            arrived_at=arrived_at,
        )
    except BaseException:
        _answer_files_forget(stored)
        raise


def _clean_answers(questions, existing, answers, stored, file_errors, *, submit) -> dict:
    """{question id: cleaned value}; a ValidationError per question field when any is
    wrong (or, on submit, a required question is unanswered)."""
    errors: dict[str, list] = dict(file_errors)
    cleaned = {}
    for question in questions:
        field = f"q_{question.pk}"
        if field in errors:
            continue
        if question.kind == QuestionKind.FILE:
            cleaned[question.pk] = stored.get(question.pk)
        else:
            try:
                cleaned[question.pk] = _clean_value(question, answers.get(question.pk))
            except ValidationError as exc:
                errors[field] = exc.messages
                continue
        if submit and question.required:
            value = cleaned[question.pk]
            has_file = question.kind == QuestionKind.FILE and (
                value or (existing.get(question.pk) and existing[question.pk].file)
            )
            if question.kind == QuestionKind.FILE:
                empty = not has_file
            else:
                empty = value in (None, "", [])
            if empty:
                errors[field] = [_("This question must be answered.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _store_answers(response, questions, existing, cleaned) -> None:
    """Write the cleaned values into the response's answers (files already stored)."""
    for question in questions:
        value = cleaned[question.pk]
        answer = existing.get(question.pk) or RfiAnswer(response=response, question=question)
        if question.kind == QuestionKind.TEXT:
            answer.text = value
        elif question.kind in CHOICE_KINDS:
            answer.selected = value
        elif question.kind == QuestionKind.NUMBER:
            answer.number = value
        elif question.kind == QuestionKind.FILE:
            if not value:
                if answer.pk is None:
                    answer.save()
                continue
            answer.file, answer.file_name = value  # stored before the lock was taken
        answer.save()


def _rfi_response_save_locked(
    *, rfi, user, answers, stored, file_errors, submit, arrived_at
) -> RfiResponse:
    with (
        transaction.atomic(),
        acting_as(user, reason="RFI answer submitted" if submit else "RFI draft"),
    ):
        rfi = Rfi.objects.select_for_update().get(pk=rfi.pk)
        if not selectors.rfis_for_user(user).filter(pk=rfi.pk).exists():
            raise PermissionDenied(_("Your company is not invited to this request."))
        if not rfi.open_at(arrived_at):
            raise ValidationError(_("The deadline has passed; no answers are accepted."))
        response = (
            RfiResponse.objects.select_for_update()
            .filter(rfi=rfi, supplier_id=user.organization_id)
            .first()
        )
        if response and response.is_submitted and not submit:
            raise ValidationError(_("Your answer is already submitted. Submit again to change it."))
        questions = list(rfi.questions.all())
        existing = {a.question_id: a for a in response.answers.all()} if response else {}
        cleaned = _clean_answers(questions, existing, answers, stored, file_errors, submit=submit)
        now = arrived_at
        if response is None:
            response = RfiResponse.objects.create(
                rfi=rfi, supplier_id=user.organization_id, updated_by=user
            )
        _store_answers(response, questions, existing, cleaned)
        response.updated_by = user
        fields = ["updated_by", "updated_at"]
        if submit:
            first = not response.is_submitted
            response.state = ResponseState.SUBMITTED
            response.submitted_at = now
            response.submitted_by = user
            fields += ["state", "submitted_at", "submitted_by"]
        response.save(update_fields=fields)
        if submit:
            subject = (
                gettext_lazy("Answer submitted: %(title)s")
                if first
                else gettext_lazy("Answer changed and submitted again: %(title)s")
            )
            _log(
                anchor_of=rfi,
                direction=Direction.FROM_SUPPLIER,
                subject=_in_default_language(subject) % {"title": rfi.title},
                supplier=user.organization,
                author=user,
                rfi=rfi,
            )
    return response
