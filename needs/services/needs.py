"""Writes for needs: create, edit, move through statuses, comments, assessors."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import acting_as
from notifications.services import notify

from ..enums import (
    NEED_ALLOWED_TRANSITIONS,
    REASON_REQUIRED,
    NeedStatus,
)
from ..models import (
    AnswerOption,
    AssessmentNote,
    Challenge,
    Need,
    NeedAssessor,
    NeedAttachment,
    NeedComment,
)
from .common import (
    _clean_need_fields,
    _lazy,
    _network_org_ids,
    _option_for,
    _require,
)


def need_create(*, author, submit: bool = False, **fields) -> Need:
    """A member of staff writes a need for their own municipality (a draft unless `submit`)."""
    _require(author, "needs.add_need")
    cleaned = _clean_need_fields({"title": "", "problem": "", **fields})
    with transaction.atomic(), acting_as(author, reason="need written"):
        need = Need.objects.create(organization_id=author.organization_id, author=author, **cleaned)
        if submit:
            need = need_transition(need=need, to=NeedStatus.SUBMITTED, by=author)
    return need


def need_update(*, need: Need, by, **fields) -> Need:
    """The author edits a draft."""
    _require(by, "needs.change_need", need)
    cleaned = _clean_need_fields(fields)
    with transaction.atomic(), acting_as(by, reason="need edited"):
        for key, value in cleaned.items():
            setattr(need, key, value)
        need.save(update_fields=[*cleaned.keys(), "updated_at"])
    return need


def need_transition(
    *,
    need: Need,
    to: str,
    by,
    reason: str = "",
    merged_into: Need | None = None,
    challenge: Challenge | None = None,
    answer: AnswerOption | None = None,
) -> Need:
    """The one way a need changes status.

    Locks the row, checks NEED_ALLOWED_TRANSITIONS and the move's own rules (a reason
    where one is required, a survivor for a merge in the same network, a challenge for
    "taken into a challenge"), records who and why in the history, and notifies the
    author of every move after submission (in-app and by e-mail, after commit).
    """
    reason = (reason or "").strip()
    with transaction.atomic(), acting_as(by, reason=reason or f"need {to}"):
        need = Need.objects.select_for_update().select_related("organization").get(pk=need.pk)
        if to not in NEED_ALLOWED_TRANSITIONS.get(need.status, set()):
            raise ValidationError(
                _("A need that is “%(from)s” cannot become “%(to)s”.")
                % {"from": NeedStatus(need.status).label, "to": NeedStatus(to).label},
                code="transition",
            )
        if to in REASON_REQUIRED and not reason:
            raise ValidationError({"reason": _("Give a reason; the submitter will see it.")})
        update = ["status", "status_reason", "updated_at"]
        need.merged_into = None
        if to == NeedStatus.SUBMITTED:
            if not need.problem.strip():
                raise ValidationError({"problem": _("Describe the problem in your own words.")})
            need.submitted_at = need.submitted_at or timezone.now()
            update.append("submitted_at")
        if to == NeedStatus.MERGED:
            _check_merge_target(need, merged_into, by)
            need.merged_into = merged_into
        update.append("merged_into")
        if to == NeedStatus.IN_CHALLENGE:
            if challenge is None:
                raise ValidationError({"challenge": _("Choose the challenge.")})
            need.challenge = challenge
            update.append("challenge")
        if answer is not None:
            need.answer = answer
            need.answered_at = timezone.now()
            need.answered_by = by
            update += ["answer", "answered_at", "answered_by"]
        previous = need.status
        need.status = to
        need.status_reason = reason if to != NeedStatus.SUBMITTED else ""
        try:
            with transaction.atomic():
                need.save(update_fields=update)
        except IntegrityError as exc:
            raise ValidationError(_("The need could not be changed that way.")) from exc
        if previous != NeedStatus.DRAFT and need.author_id != by.pk:
            notify(
                recipient=need.author,
                event="needs.need_answered",
                title=_lazy(
                    gettext_lazy("Your need “%(title)s” was answered: %(status)s"),
                    {"title": need.title, "status": NeedStatus(to).label},
                ),
                body=reason,
                url=need.get_absolute_url(),
                dedupe_key=f"needs.need:{need.pk}:{to}:{need.updated_at.isoformat()}",
            )
    return need


def _check_merge_target(need: Need, target: Need | None, by) -> None:
    from ..selectors import needs_for_user

    if target is None:
        raise ValidationError({"merged_into": _("Choose the need to merge into.")})
    if target.pk == need.pk:
        raise ValidationError({"merged_into": _("A need cannot be merged into itself.")})
    if not needs_for_user(by).filter(pk=target.pk).exists() or (
        target.organization_id not in _network_org_ids(need.organization_id)
    ):
        raise ValidationError(
            {"merged_into": _("A need can only be merged into a need of the same network.")}
        )
    if target.status in (NeedStatus.DRAFT, NeedStatus.MERGED, NeedStatus.REJECTED):
        raise ValidationError(
            {"merged_into": _("Merge into a submitted need that is still alive.")}
        )


def need_submit(*, need: Need, by) -> Need:
    _require(by, "needs.submit_need", need)
    return need_transition(need=need, to=NeedStatus.SUBMITTED, by=by)


def need_reject(*, need: Need, by, reason: str) -> Need:
    _require(by, "needs.assess_need", need)
    return need_transition(need=need, to=NeedStatus.REJECTED, by=by, reason=reason)


def need_merge(*, need: Need, into: Need | None, by, reason: str) -> Need:
    _require(by, "needs.assess_need", need)
    option = _option_for(NeedStatus.MERGED)
    return need_transition(
        need=need, to=NeedStatus.MERGED, by=by, reason=reason, merged_into=into, answer=option
    )


def need_answer(
    *,
    need: Need,
    by,
    option: AnswerOption,
    reason: str,
    challenge: Challenge | None = None,
    merged_into: Need | None = None,
) -> Need:
    """An assessor answers a need with one of the configured options (always with a reason)."""
    _require(by, "needs.assess_need", need)
    if option is None or not option.is_active:
        raise ValidationError({"option": _("Choose an answer.")})
    return need_transition(
        need=need,
        to=option.resulting_status,
        by=by,
        reason=reason,
        challenge=challenge,
        merged_into=merged_into,
        answer=option,
    )


def need_comment_add(*, need: Need, author, body: str) -> NeedComment:
    _require(author, "needs.comment_need", need)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment.")})
    with transaction.atomic():
        comment = NeedComment.objects.create(need=need, author=author, body=body)
        if need.author_id != author.pk:
            notify(
                recipient=need.author,
                event="needs.need_commented",
                title=_lazy(
                    gettext_lazy("New comment on your need “%(title)s”"), {"title": need.title}
                ),
                body=body[:500],
                url=need.get_absolute_url(),
                email=False,
                dedupe_key=f"needs.comment:{comment.pk}",
            )
    return comment


def need_attachment_add(*, need: Need, by, upload) -> NeedAttachment:
    from core.files import validate_upload

    _require(by, "needs.attach_need", need)
    try:
        content_type = validate_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    return NeedAttachment.objects.create(
        need=need,
        file=upload,
        name=upload.name[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )


def assessor_assign(*, need: Need, assessor, by) -> NeedAssessor:
    """A coordinator asks someone in the network to assess a need; they are notified."""
    _require(by, "needs.assign_assessors", need)
    if not assessor.is_municipal or assessor.organization_id not in _network_org_ids(
        need.organization_id
    ):
        raise ValidationError({"assessor": _("The assessor must work in the network.")})
    try:
        with transaction.atomic(), acting_as(by, reason="assessor assigned"):
            row = NeedAssessor.objects.create(need=need, assessor=assessor, assigned_by=by)
    except IntegrityError as exc:
        raise ValidationError(
            {"assessor": _("%(name)s already assesses this need.") % {"name": assessor}}
        ) from exc
    notify(
        recipient=assessor,
        event="needs.assessor_assigned",
        title=_lazy(gettext_lazy("Please assess the need “%(title)s”"), {"title": need.title}),
        url=need.get_absolute_url(),
        dedupe_key=f"needs.assessor:{row.pk}",
    )
    return row


def assessor_remove(*, need: Need, assessor, by) -> None:
    _require(by, "needs.assign_assessors", need)
    NeedAssessor.objects.filter(need=need, assessor=assessor).delete()


def assessment_note_add(
    *, need: Need, author, body: str, parent: AssessmentNote | None = None
) -> AssessmentNote:
    _require(author, "needs.note_need", need)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a note.")})
    if parent is not None and parent.need_id != need.pk:
        raise ValidationError({"parent": _("Reply to a note on the same need.")})
    return AssessmentNote.objects.create(need=need, author=author, body=body, parent=parent)
