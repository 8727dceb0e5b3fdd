"""Dialogue activities (meetings, demonstrations, consultations): create, edit, invite,
files, consultation sections and comments."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.files import DOCUMENT_TYPES, validate_upload
from core.history import acting_as
from core.tasks import enqueue_on_commit
from notifications.services import notify

from .. import selectors
from ..enums import (
    ActivityKind,
    Direction,
)
from ..models import (
    ActivityFile,
    ConsultationComment,
    ConsultationSection,
    DialogueActivity,
)
from .common import (
    _anchor_fields,
    _in_default_language,
    _local,
    _log,
    _require,
    _supplier_users,
    _title,
)


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
    from ..tasks import notify_activity_invitation

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
