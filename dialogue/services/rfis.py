"""Requests for information: create, edit, questions, publish, cancel, and the notices they send."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import acting_as
from core.tasks import enqueue_on_commit
from notifications.services import notify
from organizations.enums import OrganizationKind
from organizations.models import Organization

from .. import selectors
from ..enums import (
    CHOICE_KINDS,
    Direction,
    InvitationMode,
    QuestionKind,
    ResponseState,
    RfiState,
)
from ..models import (
    Rfi,
    RfiInvitation,
    RfiQuestion,
    RfiResponse,
    SupplierMessage,
)
from .common import (
    REMINDER_BEFORE,
    _anchor_fields,
    _in_default_language,
    _local,
    _log,
    _require,
    _supplier_users,
    _title,
)


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
    from ..tasks import send_rfi_invitations

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
    from ..tasks import send_rfi_cancelled

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


def rfi_send_reminders(*, now=None) -> int:
    """Remind invited suppliers that have not submitted, once, `REMINDER_BEFORE` the
    deadline. Returns the number of RFIs reminded. Safe to run as often as wanted."""
    from ..tasks import send_rfi_reminder

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
