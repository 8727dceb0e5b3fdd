"""Writes for the market dialogue. Each validates, runs in a transaction, is recorded in
the history (`acting_as`) and, where a message goes to or comes from a supplier, in the
append-only message log (`SupplierMessage`): the documentation duty.
"""

from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.files import DOCUMENT_TYPES, validate_upload
from core.history import acting_as
from core.tasks import enqueue_on_commit
from notifications.services import notify
from organizations.enums import OrganizationKind, RegistrationState, Role
from organizations.models import Organization, User
from organizations.services import supplier_create, supplier_registration_notify
from organizations.validators import normalize_org_number

from . import selectors
from .enums import (
    CHOICE_KINDS,
    ActivityKind,
    Direction,
    InvitationMode,
    QuestionKind,
    ResponseState,
    RfiState,
)
from .models import (
    ActivityFile,
    Clarification,
    ConsultationComment,
    ConsultationSection,
    DialogueActivity,
    Rfi,
    RfiAnswer,
    RfiInvitation,
    RfiQuestion,
    RfiResponse,
    SupplierMessage,
    SupplierProfile,
)

REMINDER_BEFORE = timedelta(days=2)
ANSWER_FILE_MAX_BYTES = 20 * 1024 * 1024


def _in_default_language(message) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(message)


def _log(
    *,
    anchor_of,
    direction: str,
    subject: str,
    body: str = "",
    supplier=None,
    author=None,
    rfi=None,
    activity=None,
) -> SupplierMessage:
    return SupplierMessage.objects.create(
        case_id=anchor_of.case_id,
        challenge_id=anchor_of.challenge_id,
        direction=direction,
        subject=subject[:300],
        body=body,
        supplier=supplier,
        author=author,
        rfi=rfi,
        activity=activity,
    )


def _anchor_fields(anchor) -> dict:
    return selectors.anchor_filter(anchor)


def _require(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this."))


def _local(dt) -> str:
    return formats.date_format(timezone.localtime(dt), "DATETIME_FORMAT")


# --- Supplier registration and profile -------------------------------------------------


def supplier_register(
    *,
    company_name: str,
    org_number: str,
    full_name: str,
    email: str,
    password: str,
    phone: str = "",
    language: str = "sv",
) -> User:
    """Register a supplier company and its first user (supplier and organisation admin,
    so they can invite colleagues). The organisation number's check digit is verified.

    The company waits for the platform operator's approval: until then it is inactive and
    its user cannot sign in. Side effects: a supplier organisation, an empty supplier
    profile, a user, a notice to the platform operator's administrators.
    """
    email = User.objects.normalize_email(email).strip().lower()
    errors: dict[str, list] = {}
    if not full_name.strip():
        errors["full_name"] = [_("Enter your name.")]
    if not email:
        errors["email"] = [_("Enter your e-mail address.")]
    elif User.objects.filter(email__iexact=email).exists():
        errors["email"] = [_("There is already an account with this e-mail.")]
    try:
        validate_password(password, user=User(email=email, full_name=full_name))
    except ValidationError as exc:
        errors["password1"] = exc.messages
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if errors:
        raise ValidationError(errors)
    try:
        normalize_org_number(org_number)
    except ValidationError as exc:
        raise ValidationError({"org_number": exc.messages}) from exc
    with transaction.atomic():
        organization = supplier_create(
            name=company_name,
            org_number=org_number,
            email=email,
            contact_name=full_name,
            phone=phone,
        )
        try:
            user = User.objects.create_user(
                email=email,
                password=password,
                full_name=full_name.strip(),
                organization=organization,
                roles=[Role.SUPPLIER, Role.ADMIN],
                language=language,
            )
        except IntegrityError as exc:
            raise ValidationError(
                {"email": _("There is already an account with this e-mail.")}
            ) from exc
        with acting_as(user, reason="supplier registered"):
            SupplierProfile.objects.create(organization=organization)
            organization.is_active = False
            organization.registration_state = RegistrationState.PENDING
            organization.save(update_fields=["is_active", "registration_state", "updated_at"])
        supplier_registration_notify(organization=organization)
    return user


def supplier_profile_get_or_create(organization: Organization) -> SupplierProfile:
    profile, _created = SupplierProfile.objects.get_or_create(organization=organization)
    return profile


def supplier_profile_update(*, user, description: str, cpv_codes: Iterable) -> SupplierProfile:
    """A supplier states its presentation and areas (CPV codes)."""
    if not user.is_supplier_user:
        raise PermissionDenied(_("Only suppliers have a supplier profile."))
    codes = list(cpv_codes)
    if len(codes) > 50:
        raise ValidationError({"cpv_codes": _("Choose at most 50 CPV codes.")})
    with transaction.atomic(), acting_as(user, reason="supplier profile"):
        profile = supplier_profile_get_or_create(user.organization)
        profile.description = description.strip()
        profile.save(update_fields=["description", "updated_at"])
        profile.cpv_codes.set(codes)
    return profile


# --- RFIs ------------------------------------------------------------------------------


def _check_deadline(deadline) -> None:
    if deadline is None:
        raise ValidationError({"deadline": _("Enter a deadline.")})
    if deadline <= timezone.now():
        raise ValidationError({"deadline": _("The deadline must be in the future.")})


def _check_invitees(mode: str, chosen: list, codes: list) -> None:
    if mode not in InvitationMode.values:
        raise ValidationError({"invitation_mode": _("Choose who is invited.")})
    if mode == InvitationMode.CHOSEN and not chosen:
        raise ValidationError({"chosen_suppliers": _("Choose at least one supplier.")})
    if mode == InvitationMode.CPV and not codes:
        raise ValidationError({"invited_cpv_codes": _("Choose at least one CPV code.")})
    if any(not s.is_supplier for s in chosen):
        raise ValidationError({"chosen_suppliers": _("Only suppliers can be invited.")})


def rfi_create(
    *,
    created_by,
    anchor,
    title: str,
    background: str,
    need: str,
    deadline,
    invitation_mode: str = InvitationMode.CHOSEN,
    chosen_suppliers: Iterable = (),
    invited_cpv_codes: Iterable = (),
) -> Rfi:
    """Write a draft RFI on a case or challenge. Nothing is sent until it is published."""
    _require(created_by, "dialogue.add_dialogue", anchor)
    chosen, codes = list(chosen_suppliers), list(invited_cpv_codes)
    errors = {}
    if not title.strip():
        errors["title"] = _("Enter a title.")
    if not background.strip():
        errors["background"] = _("Describe the background.")
    if not need.strip():
        errors["need"] = _("Describe the need.")
    if errors:
        raise ValidationError(errors)
    _check_deadline(deadline)
    _check_invitees(invitation_mode, chosen, codes)
    with transaction.atomic(), acting_as(created_by, reason="RFI created"):
        rfi = Rfi.objects.create(
            **_anchor_fields(anchor),
            title=title.strip(),
            background=background.strip(),
            need=need.strip(),
            deadline=deadline,
            invitation_mode=invitation_mode,
            created_by=created_by,
        )
        rfi.chosen_suppliers.set(chosen)
        rfi.invited_cpv_codes.set(codes)
    return rfi


def rfi_update(
    *,
    rfi: Rfi,
    by,
    title: str,
    background: str,
    need: str,
    deadline,
    invitation_mode: str,
    chosen_suppliers: Iterable = (),
    invited_cpv_codes: Iterable = (),
) -> Rfi:
    """Change a draft RFI (a published one is fixed: suppliers have read it)."""
    chosen, codes = list(chosen_suppliers), list(invited_cpv_codes)
    with transaction.atomic(), acting_as(by, reason="RFI changed"):
        rfi = Rfi.objects.select_for_update().get(pk=rfi.pk)
        _require(by, "dialogue.change_rfi", rfi)
        if not title.strip():
            raise ValidationError({"title": _("Enter a title.")})
        _check_deadline(deadline)
        _check_invitees(invitation_mode, chosen, codes)
        rfi.title, rfi.background, rfi.need = title.strip(), background.strip(), need.strip()
        rfi.deadline, rfi.invitation_mode = deadline, invitation_mode
        rfi.save(
            update_fields=[
                "title",
                "background",
                "need",
                "deadline",
                "invitation_mode",
                "updated_at",
            ]
        )
        rfi.chosen_suppliers.set(chosen)
        rfi.invited_cpv_codes.set(codes)
    return rfi


def rfi_question_add(
    *,
    rfi: Rfi,
    by,
    text: str,
    kind: str = QuestionKind.TEXT,
    choices: Iterable[str] = (),
    required: bool = True,
    help_text: str = "",
) -> RfiQuestion:
    _require(by, "dialogue.change_rfi", rfi)
    options = [c.strip() for c in choices if c and c.strip()]
    if not text.strip():
        raise ValidationError({"text": _("Write the question.")})
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": _("Choose the kind of answer.")})
    if kind in CHOICE_KINDS and len(options) < 2:
        raise ValidationError({"choices": _("Give at least two options, one per line.")})
    if len(set(options)) != len(options):
        raise ValidationError({"choices": _("The options must differ from each other.")})
    if kind not in CHOICE_KINDS:
        options = []
    with transaction.atomic(), acting_as(by, reason="RFI question"):
        position = rfi.questions.count() + 1
        return RfiQuestion.objects.create(
            rfi=rfi,
            position=position,
            text=text.strip(),
            kind=kind,
            choices=options,
            required=required,
            help_text=help_text.strip(),
        )


def rfi_question_delete(*, question: RfiQuestion, by) -> None:
    _require(by, "dialogue.change_rfi", question.rfi)
    with transaction.atomic(), acting_as(by, reason="RFI question removed"):
        question.delete()


def rfi_recipients(rfi: Rfi):
    """The suppliers an RFI reaches, by its invitation mode."""
    if rfi.invitation_mode == InvitationMode.CHOSEN:
        return rfi.chosen_suppliers.filter(kind=OrganizationKind.SUPPLIER, is_active=True)
    if rfi.invitation_mode == InvitationMode.CPV:
        return selectors.suppliers_matching_cpv(rfi.invited_cpv_codes.all())
    return Organization.objects.filter(kind=OrganizationKind.SUPPLIER, is_active=True)


def rfi_publish(*, rfi: Rfi, by) -> Rfi:
    """Publish a draft RFI: invite the suppliers it reaches.

    Side effects: one `RfiInvitation` per supplier, one logged message per supplier, and
    (after commit) the invitation e-mails and notices through Celery.
    """
    from .tasks import send_rfi_invitations

    with transaction.atomic(), acting_as(by, reason="RFI published"):
        rfi = Rfi.objects.select_for_update().get(pk=rfi.pk)
        if rfi.state != RfiState.DRAFT:
            raise ValidationError(_("Only a draft can be published."))
        _require(by, "dialogue.publish_rfi", rfi)
        _check_deadline(rfi.deadline)
        if not rfi.questions.exists():
            raise ValidationError(_("Add at least one question before publishing."))
        suppliers = list(rfi_recipients(rfi))
        if not suppliers:
            raise ValidationError(
                _("No registered supplier matches the invitation. Choose suppliers or other codes.")
            )
        rfi.state = RfiState.PUBLISHED
        rfi.published_at = timezone.now()
        rfi.published_by = by
        rfi.save(update_fields=["state", "published_at", "published_by", "updated_at"])
        RfiInvitation.objects.bulk_create(
            [RfiInvitation(rfi=rfi, supplier=s) for s in suppliers], ignore_conflicts=True
        )
        subject = _in_default_language(
            gettext_lazy("Invitation to answer a request for information: %(title)s")
        ) % {"title": rfi.title}
        SupplierMessage.objects.bulk_create(
            [
                SupplierMessage(
                    case_id=rfi.case_id,
                    challenge_id=rfi.challenge_id,
                    direction=Direction.TO_SUPPLIER,
                    supplier=s,
                    author=by,
                    subject=subject[:300],
                    body=rfi.need,
                    rfi=rfi,
                )
                for s in suppliers
            ]
        )
        enqueue_on_commit(send_rfi_invitations, rfi.pk)
    return rfi


def rfi_cancel(*, rfi: Rfi, by, reason: str) -> Rfi:
    """Cancel a published RFI; invited suppliers are told why."""
    from .tasks import send_rfi_cancelled

    if not reason.strip():
        raise ValidationError({"reason": _("Say why the RFI is cancelled.")})
    with transaction.atomic(), acting_as(by, reason="RFI cancelled"):
        rfi = Rfi.objects.select_for_update().get(pk=rfi.pk)
        _require(by, "dialogue.cancel_rfi", rfi)
        rfi.state = RfiState.CANCELLED
        rfi.save(update_fields=["state", "updated_at"])
        _log(
            anchor_of=rfi,
            direction=Direction.TO_SUPPLIER,
            subject=_in_default_language(gettext_lazy("The RFI was cancelled: %(title)s"))
            % {"title": rfi.title},
            body=reason.strip(),
            author=by,
            rfi=rfi,
        )
        enqueue_on_commit(send_rfi_cancelled, rfi.pk)
    return rfi


def _supplier_users(organization_ids) -> list[User]:
    return list(
        User.objects.filter(
            organization_id__in=list(organization_ids),
            is_active=True,
            organization__kind=OrganizationKind.SUPPLIER,
        ).order_by("pk")
    )


def rfi_send_invitations(*, rfi_id: int) -> int:
    """Notify (in-app and e-mail) every user of every invited supplier not yet e-mailed.
    Idempotent: an invitation is claimed by setting `emailed_at`. Returns notices sent."""
    rfi = Rfi.objects.filter(pk=rfi_id, state=RfiState.PUBLISHED).first()
    if rfi is None:
        return 0
    sent = 0
    with transaction.atomic():
        pending = list(
            RfiInvitation.objects.select_for_update(skip_locked=True).filter(
                rfi=rfi, emailed_at__isnull=True
            )
        )
        for user in _supplier_users(i.supplier_id for i in pending):
            with translation.override(user.language):
                body = _(
                    "You are invited to answer a request for information. Deadline: %(deadline)s."
                ) % {"deadline": _local(rfi.deadline)}
            if notify(
                recipient=user,
                event="dialogue.rfi_invitation",
                title=_title(user, gettext_lazy("Request for information: %(title)s"), rfi.title),
                body=body,
                url=rfi.get_absolute_url(),
                dedupe_key=f"dialogue.rfi_invitation:{rfi.pk}",
            ):
                sent += 1
        RfiInvitation.objects.filter(pk__in=[i.pk for i in pending]).update(
            emailed_at=timezone.now()
        )
    return sent


def _title(user, message, title: str) -> str:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        return str(message) % {"title": title}


def rfi_send_reminders(*, now=None) -> int:
    """Remind invited suppliers that have not submitted, once, `REMINDER_BEFORE` the
    deadline. Returns the number of RFIs reminded. Safe to run as often as wanted."""
    from .tasks import send_rfi_reminder

    now = now or timezone.now()
    due = Rfi.objects.filter(
        state=RfiState.PUBLISHED,
        reminder_sent_at__isnull=True,
        deadline__gt=now,
        deadline__lte=now + REMINDER_BEFORE,
    ).values_list("pk", flat=True)
    count = 0
    for rfi_id in due:
        enqueue_on_commit(send_rfi_reminder, rfi_id)
        count += 1
    return count


def rfi_send_reminder(*, rfi_id: int) -> int:
    """Remind one RFI's invited suppliers without a submitted answer. Idempotent."""
    with transaction.atomic():
        claimed = Rfi.objects.filter(
            pk=rfi_id,
            state=RfiState.PUBLISHED,
            reminder_sent_at__isnull=True,
            deadline__gt=timezone.now(),
        ).update(reminder_sent_at=timezone.now())
        if claimed != 1:
            return 0
        rfi = Rfi.objects.get(pk=rfi_id)
        submitted = RfiResponse.objects.filter(rfi=rfi, state=ResponseState.SUBMITTED).values_list(
            "supplier_id", flat=True
        )
        invitations = list(rfi.invitations.exclude(supplier_id__in=submitted))
        subject = _in_default_language(
            gettext_lazy("Reminder: the request for information %(title)s closes soon")
        ) % {"title": rfi.title}
        for invitation in invitations:
            _log(
                anchor_of=rfi,
                direction=Direction.TO_SUPPLIER,
                subject=subject,
                supplier=invitation.supplier,
                rfi=rfi,
            )
        for user in _supplier_users(i.supplier_id for i in invitations):
            with translation.override(user.language):
                body = _("The deadline is %(deadline)s. Drafts are not sent in.") % {
                    "deadline": _local(rfi.deadline)
                }
            notify(
                recipient=user,
                event="dialogue.rfi_reminder",
                title=_title(
                    user,
                    gettext_lazy("Reminder: the request for information %(title)s closes soon"),
                    rfi.title,
                ),
                body=body,
                url=rfi.get_absolute_url(),
                dedupe_key=f"dialogue.rfi_reminder:{rfi.pk}",
            )
        RfiInvitation.objects.filter(pk__in=[i.pk for i in invitations]).update(
            reminded_at=timezone.now()
        )
    return len(invitations)


def rfi_send_cancelled(*, rfi_id: int) -> int:
    rfi = Rfi.objects.filter(pk=rfi_id, state=RfiState.CANCELLED).first()
    if rfi is None:
        return 0
    users = _supplier_users(rfi.invitations.values_list("supplier_id", flat=True))
    for user in users:
        notify(
            recipient=user,
            event="dialogue.rfi_cancelled",
            title=_title(user, gettext_lazy("The RFI was cancelled: %(title)s"), rfi.title),
            url=rfi.get_absolute_url(),
            dedupe_key=f"dialogue.rfi_cancelled:{rfi.pk}",
        )
    return len(users)


# --- Answers -----------------------------------------------------------------------------


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
        now = arrived_at
        if response is None:
            response = RfiResponse.objects.create(
                rfi=rfi, supplier_id=user.organization_id, updated_by=user
            )
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


# --- Questions and answers on an RFI ---------------------------------------------------


def clarification_ask(*, rfi: Rfi, user, question: str) -> Clarification:
    """A supplier asks a question on an RFI it is invited to, before the deadline.

    Side effects: a logged message from the supplier; a notice to the RFI's author.
    """
    from .tasks import notify_clarification_asked

    if not question.strip():
        raise ValidationError({"question": _("Write your question.")})
    if not selectors.rfis_for_user(user).filter(pk=rfi.pk).exists():
        raise PermissionDenied(_("Your company is not invited to this request."))
    if not user.has_perm("dialogue.ask_clarification", rfi):
        raise ValidationError(_("Questions can be asked only before the deadline."))
    with transaction.atomic(), acting_as(user, reason="question asked"):
        clarification = Clarification.objects.create(
            rfi=rfi, supplier=user.organization, asked_by=user, question=question.strip()
        )
        _log(
            anchor_of=rfi,
            direction=Direction.FROM_SUPPLIER,
            subject=_in_default_language(gettext_lazy("Question on %(title)s"))
            % {"title": rfi.title},
            body=clarification.question,
            supplier=user.organization,
            author=user,
            rfi=rfi,
        )
        enqueue_on_commit(notify_clarification_asked, clarification.pk)
    return clarification


def clarification_answer(
    *, clarification: Clarification, by, answer: str, question: str | None = None
) -> Clarification:
    """Answer a supplier's question and publish it to every invited supplier at once.

    The officer may rephrase the question (e.g. to remove what identifies the asker);
    the asker is never shown to the others.
    Side effects: a logged message to all invited suppliers; notices (after commit).
    """
    from .tasks import publish_clarification

    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    with transaction.atomic(), acting_as(by, reason="question answered"):
        clarification = Clarification.objects.select_for_update().get(pk=clarification.pk)
        _require(by, "dialogue.answer_clarification", clarification.rfi)
        if clarification.published_at:
            raise ValidationError(_("This question has already been answered."))
        if question is not None and question.strip():
            clarification.question = question.strip()
        clarification.answer = answer.strip()
        clarification.answered_by = by
        clarification.published_at = timezone.now()
        clarification.save(
            update_fields=["question", "answer", "answered_by", "published_at", "updated_at"]
        )
        _log(
            anchor_of=clarification.rfi,
            direction=Direction.TO_SUPPLIER,
            subject=_in_default_language(gettext_lazy("Answer published to all: %(title)s"))
            % {"title": clarification.rfi.title},
            body=f"{clarification.question}\n\n{clarification.answer}",
            author=by,
            rfi=clarification.rfi,
        )
        enqueue_on_commit(publish_clarification, clarification.pk)
    return clarification


def clarification_notify_asked(*, clarification_id: int) -> int:
    clarification = Clarification.objects.select_related("rfi").filter(pk=clarification_id).first()
    if clarification is None:
        return 0
    rfi = clarification.rfi
    recipients = {rfi.created_by}
    if rfi.published_by:
        recipients.add(rfi.published_by)
    for user in recipients:
        notify(
            recipient=user,
            event="dialogue.clarification_asked",
            title=_title(user, gettext_lazy("A supplier asked a question on %(title)s"), rfi.title),
            body=clarification.question,
            url=clarification.get_absolute_url(),
            dedupe_key=f"dialogue.clarification_asked:{clarification.pk}",
        )
    return len(recipients)


def clarification_publish_notify(*, clarification_id: int) -> int:
    """Tell every user of every invited supplier that an answer is published."""
    clarification = (
        Clarification.objects.select_related("rfi")
        .filter(pk=clarification_id, published_at__isnull=False)
        .first()
    )
    if clarification is None:
        return 0
    rfi = clarification.rfi
    supplier_ids = set(rfi.invitations.values_list("supplier_id", flat=True))
    users = _supplier_users(supplier_ids)
    for user in users:
        notify(
            recipient=user,
            event="dialogue.clarification_published",
            title=_title(user, gettext_lazy("New answer to a question on %(title)s"), rfi.title),
            body=f"{clarification.question}\n\n{clarification.answer}",
            url=clarification.get_absolute_url(),
            dedupe_key=f"dialogue.clarification_published:{clarification.pk}",
        )
    return len(users)


# --- Activities --------------------------------------------------------------------------


def _check_activity(
    kind, title, starts_at, ends_at, comments_until, supplier_people, supplier_orgs
) -> None:
    errors = {}
    if kind not in ActivityKind.values:
        errors["kind"] = _("Choose the kind of activity.")
    if not title.strip():
        errors["title"] = _("Enter a title.")
    if starts_at is None:
        errors["starts_at"] = _("Enter when it starts.")
    elif ends_at is not None and ends_at < starts_at:
        errors["ends_at"] = _("It cannot end before it starts.")
    if kind == ActivityKind.CONSULTATION and comments_until is None:
        errors["comments_until"] = _("A consultation round needs a last day for comments.")
    org_ids = {o.pk for o in supplier_orgs}
    if any(not o.is_supplier for o in supplier_orgs):
        errors["supplier_organizations"] = _("Only suppliers can be named here.")
    if any(p.organization_id not in org_ids for p in supplier_people):
        errors["supplier_participants"] = _(
            "A supplier participant's company must be among the supplier organisations."
        )
    if errors:
        raise ValidationError(errors)


def activity_create(
    *,
    created_by,
    anchor,
    kind: str,
    title: str,
    starts_at,
    ends_at=None,
    location: str = "",
    purpose: str = "",
    notes: str = "",
    internal_participants: Iterable = (),
    supplier_organizations: Iterable = (),
    supplier_participants: Iterable = (),
    other_participants: str = "",
    comments_until=None,
) -> DialogueActivity:
    """Record a dialogue activity on a case or challenge.

    Side effects: invited supplier organisations get a logged message and a notice.
    """
    _require(created_by, "dialogue.add_dialogue", anchor)
    internal = list(internal_participants)
    orgs, people = list(supplier_organizations), list(supplier_participants)
    _check_activity(kind, title, starts_at, ends_at, comments_until, people, orgs)
    with transaction.atomic(), acting_as(created_by, reason="dialogue activity"):
        activity = DialogueActivity.objects.create(
            **_anchor_fields(anchor),
            kind=kind,
            title=title.strip(),
            starts_at=starts_at,
            ends_at=ends_at,
            location=location.strip(),
            purpose=purpose.strip(),
            notes=notes.strip(),
            other_participants=other_participants.strip(),
            comments_until=comments_until if kind == ActivityKind.CONSULTATION else None,
            created_by=created_by,
        )
        activity.internal_participants.set(internal)
        activity.supplier_organizations.set(orgs)
        activity.supplier_participants.set(people)
        _invite_suppliers(activity, orgs, by=created_by)
    return activity


def _invite_suppliers(activity: DialogueActivity, orgs: list, *, by) -> None:
    from .tasks import notify_activity_invitation

    if not orgs:
        return
    subject = _in_default_language(gettext_lazy("Invitation: %(title)s")) % {
        "title": activity.title
    }
    for org in orgs:
        _log(
            anchor_of=activity,
            direction=Direction.TO_SUPPLIER,
            subject=subject,
            body=activity.purpose,
            supplier=org,
            author=by,
            activity=activity,
        )
    enqueue_on_commit(notify_activity_invitation, activity.pk, [o.pk for o in orgs])


def activity_update(*, activity: DialogueActivity, by, **fields) -> DialogueActivity:
    """Change an activity (notes after the meeting, participants...). Newly added
    supplier organisations are invited like at creation."""
    with transaction.atomic(), acting_as(by, reason="dialogue activity changed"):
        activity = DialogueActivity.objects.select_for_update().get(pk=activity.pk)
        _require(by, "dialogue.change_activity", activity)
        internal = list(fields.pop("internal_participants", activity.internal_participants.all()))
        orgs = list(fields.pop("supplier_organizations", activity.supplier_organizations.all()))
        people = list(fields.pop("supplier_participants", activity.supplier_participants.all()))
        merged = {
            name: fields.get(name, getattr(activity, name))
            for name in (
                "kind",
                "title",
                "starts_at",
                "ends_at",
                "location",
                "purpose",
                "notes",
                "other_participants",
                "comments_until",
            )
        }
        _check_activity(
            merged["kind"],
            merged["title"],
            merged["starts_at"],
            merged["ends_at"],
            merged["comments_until"],
            people,
            orgs,
        )
        if merged["kind"] != ActivityKind.CONSULTATION:
            merged["comments_until"] = None
        for name, value in merged.items():
            setattr(activity, name, value.strip() if isinstance(value, str) else value)
        activity.sequence += 1  # the calendar file replaces the old copy
        activity.save(update_fields=[*merged.keys(), "sequence", "updated_at"])
        before = set(activity.supplier_organizations.values_list("pk", flat=True))
        activity.internal_participants.set(internal)
        activity.supplier_organizations.set(orgs)
        activity.supplier_participants.set(people)
        _invite_suppliers(activity, [o for o in orgs if o.pk not in before], by=by)
    return activity


def activity_notify_invitation(*, activity_id: int, organization_ids: list[int]) -> int:
    activity = DialogueActivity.objects.filter(pk=activity_id).first()
    if activity is None:
        return 0
    users = _supplier_users(organization_ids)
    for user in users:
        with translation.override(user.language):
            body = _("When: %(when)s. Where: %(where)s.") % {
                "when": _local(activity.starts_at),
                "where": activity.location or "–",
            }
        notify(
            recipient=user,
            event="dialogue.activity_invitation",
            title=_title(user, gettext_lazy("Invitation: %(title)s"), activity.title),
            body=body,
            url=activity.get_absolute_url(),
            dedupe_key=f"dialogue.activity_invitation:{activity.pk}",
        )
    return len(users)


def activity_file_add(
    *, activity: DialogueActivity, by, upload, description: str = "", shared_with_suppliers=False
) -> ActivityFile:
    """Attach a file (checked by content and size) to an activity."""
    _require(by, "dialogue.change_activity", activity)
    if upload is None:
        raise ValidationError({"file": _("Choose a file.")})
    try:
        validate_upload(upload, allowed_types=DOCUMENT_TYPES)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    with transaction.atomic(), acting_as(by, reason="activity file"):
        attachment = ActivityFile(
            activity=activity,
            name=upload.name[:255],
            description=description.strip(),
            shared_with_suppliers=shared_with_suppliers,
            uploaded_by=by,
        )
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
        if shared_with_suppliers and activity.supplier_organizations.exists():
            subject = _in_default_language(gettext_lazy("Document shared: %(name)s")) % {
                "name": attachment.name
            }
            for org in activity.supplier_organizations.all():
                _log(
                    anchor_of=activity,
                    direction=Direction.TO_SUPPLIER,
                    subject=subject,
                    body=attachment.description,
                    supplier=org,
                    author=by,
                    activity=activity,
                )
    return attachment


def consultation_section_add(
    *, activity: DialogueActivity, by, heading: str, text: str = ""
) -> ConsultationSection:
    _require(by, "dialogue.change_activity", activity)
    if not activity.is_consultation:
        raise ValidationError(_("Only a consultation round has document sections."))
    if not heading.strip():
        raise ValidationError({"heading": _("Name the section.")})
    with transaction.atomic(), acting_as(by, reason="consultation section"):
        return ConsultationSection.objects.create(
            activity=activity,
            heading=heading.strip(),
            text=text.strip(),
            position=activity.sections.count() + 1,
        )


def consultation_comment_add(
    *, section: ConsultationSection, author, text: str
) -> ConsultationComment:
    """A reviewer (an internal participant or a supplier of the round) comments on one
    section until the round's last day. A supplier's comment is logged."""
    if not text.strip():
        raise ValidationError({"text": _("Write your comment.")})
    with transaction.atomic(), acting_as(author, reason="consultation comment"):
        activity = DialogueActivity.objects.select_for_update().get(pk=section.activity_id)
        if not selectors.activities_for_user(author).filter(pk=activity.pk).exists():
            raise PermissionDenied(_("You are not a reviewer of this consultation round."))
        if not activity.accepts_comments:
            raise ValidationError(_("The consultation round is closed for comments."))
        if not author.has_perm("dialogue.comment_consultation", activity):
            raise PermissionDenied(_("You are not a reviewer of this consultation round."))
        comment = ConsultationComment.objects.create(
            section=section, author=author, organization=author.organization, text=text.strip()
        )
        if author.is_supplier_user:
            _log(
                anchor_of=activity,
                direction=Direction.FROM_SUPPLIER,
                subject=_in_default_language(gettext_lazy("Comment on %(section)s"))
                % {"section": section.heading},
                body=comment.text,
                supplier=author.organization,
                author=author,
                activity=activity,
            )
    return comment
