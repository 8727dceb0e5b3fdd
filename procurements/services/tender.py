"""The tender: settings, criteria, requirements, versioned documents, questions to all."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from core.files import DOCUMENT_TYPES, validate_upload
from core.history import acting_as

from ..enums import VAXJO_CRITERIA, EventKind, Stage
from ..models import (
    Criterion,
    DocumentVersion,
    Requirement,
    Tender,
    TenderDocument,
    TenderInterest,
    TenderQuestion,
)
from .cases import case_event

EDITABLE_STAGES = (Stage.NEED, Stage.DIALOGUE, Stage.TENDER)


def _check_editable(case, *, structural: bool = False) -> None:
    if case.stage not in EDITABLE_STAGES:
        raise ValidationError(_("The tender can no longer be changed in this stage."))
    if structural and case.stage == Stage.TENDER:
        raise ValidationError(
            _("Criteria and requirements cannot change after publication; cancel and re-tender.")
        )


def tender_save(*, case, by, deadline=None, **fields) -> Tender:
    """Create or edit the case's tender. After publication the deadline only moves through
    `tender_deadline_extend` (which tells every supplier)."""
    _check_editable(case)
    tender = getattr(case, "tender", None)
    if deadline is not None and deadline <= timezone.now():
        raise ValidationError({"deadline": _("The deadline must be in the future.")})
    scale_min = fields.get("scale_min", tender.scale_min if tender else 0)
    scale_max = fields.get("scale_max", tender.scale_max if tender else 5)
    if scale_max <= scale_min:
        raise ValidationError({"scale_max": _("The highest score must be above the lowest.")})
    requests_deadline = fields.get("requests_deadline")
    bids_deadline = deadline or (tender.deadline if tender else None)
    if requests_deadline and bids_deadline and requests_deadline >= bids_deadline:
        raise ValidationError(
            {"requests_deadline": _("Requests to participate are due before the bids.")}
        )
    with transaction.atomic(), acting_as(by, reason="tender saved"):
        if tender is None:
            tender = Tender.objects.create(case=case, deadline=deadline, **fields)
        else:
            if tender.is_published and deadline is not None and deadline != tender.deadline:
                raise ValidationError(
                    {"deadline": _("Extend a published deadline with “Extend the deadline”.")}
                )
            if tender.is_published and (scale_min, scale_max) != (
                tender.scale_min,
                tender.scale_max,
            ):
                raise ValidationError(_("The scoring scale cannot change after publication."))
            for key, value in fields.items():
                setattr(tender, key, value)
            if deadline is not None:
                tender.deadline = deadline
            tender.save()
    return tender


def criterion_add(*, tender, by, name: str, weight: int, description: str = "") -> Criterion:
    _check_editable(tender.case, structural=True)
    if not name.strip():
        raise ValidationError({"name": _("Name the criterion.")})
    if not 1 <= int(weight) <= 100:
        raise ValidationError({"weight": _("A weight is between 1 and 100.")})
    total = sum(tender.criteria.values_list("weight", flat=True)) + int(weight)
    if total > 100:
        raise ValidationError(
            {"weight": _("The weights would add up to %(total)s; at most 100.") % {"total": total}}
        )
    order = (tender.criteria.aggregate(m=Max("order"))["m"] or 0) + 1
    try:
        with transaction.atomic():
            return Criterion.objects.create(
                tender=tender,
                name=name.strip(),
                weight=weight,
                description=description,
                order=order,
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"name": _("The tender already has a criterion with this name.")}
        ) from exc


def criterion_remove(*, criterion, by) -> None:
    _check_editable(criterion.tender.case, structural=True)
    criterion.delete()


def criteria_apply_vaxjo_template(*, tender, by) -> list[Criterion]:
    """Replace the criteria with Växjö's feasibility (40), effect (40), business viability (20)."""
    from django.conf import settings
    from django.utils import translation

    _check_editable(tender.case, structural=True)
    language = getattr(by, "language", None) or settings.LANGUAGE_CODE
    with transaction.atomic(), translation.override(language):
        tender.criteria.all().delete()
        return [
            Criterion.objects.create(
                tender=tender, name=str(name), description=str(text), weight=weight, order=i
            )
            for i, (name, text, weight) in enumerate(VAXJO_CRITERIA, start=1)
        ]


def requirement_add(*, tender, by, text: str) -> Requirement:
    _check_editable(tender.case, structural=True)
    if not text.strip():
        raise ValidationError({"text": _("Write the requirement.")})
    order = (tender.requirements.aggregate(m=Max("order"))["m"] or 0) + 1
    return Requirement.objects.create(tender=tender, text=text.strip(), order=order)


def requirement_remove(*, requirement, by) -> None:
    """Remove a mandatory requirement from a tender that is not yet published (after
    publication suppliers bid on it: refused). Recorded in the case timeline."""
    tender = requirement.tender
    if tender.is_published:
        raise ValidationError(
            _(
                "The tender is published: its requirements can no longer be removed. "
                "Cancel and re-tender to change them."
            )
        )
    _check_editable(tender.case, structural=True)
    with transaction.atomic(), acting_as(by, reason="requirement removed"):
        text = requirement.text
        requirement.delete()
        case_event(
            case=tender.case,
            kind=EventKind.DOCUMENT,
            summary=gettext_noop("Requirement removed: %(text)s"),
            data={"text": text},
            actor=by,
        )


def _interested_supplier_users(tender):
    from organizations.models import User

    return User.objects.filter(
        organization__in=TenderInterest.objects.filter(tender=tender).values("supplier"),
        is_active=True,
        roles__contains=["supplier"],
    )


def _notify_suppliers(tender, *, event: str, title, body, key: str) -> None:
    from notifications.services import notify

    url = reverse("procurements:tender-detail", kwargs={"pk": tender.pk})
    for user in _interested_supplier_users(tender):
        notify(recipient=user, event=event, title=title, body=body, url=url, dedupe_key=key)


def document_upload(*, tender, by, file, title: str, reason: str = "") -> DocumentVersion:
    """Add a document or a new version of one (never overwriting). After publication it is
    an amendment: a reason is required and every following supplier is told."""
    _check_editable(tender.case)
    if not title.strip():
        raise ValidationError({"title": _("Give the document a title.")})
    try:
        content_type = validate_upload(file, allowed_types=DOCUMENT_TYPES)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    if tender.is_published and not reason.strip():
        raise ValidationError(
            {"reason": _("A change after publication is an amendment: give the reason.")}
        )
    with transaction.atomic(), acting_as(by, reason="tender document uploaded"):
        document, _created = TenderDocument.objects.get_or_create(
            tender=tender, title=title.strip()
        )
        document = TenderDocument.objects.select_for_update().get(pk=document.pk)
        number = (document.versions.aggregate(m=Max("number"))["m"] or 0) + 1
        version = DocumentVersion.objects.create(
            document=document,
            number=number,
            file=file,
            original_name=file.name[:255],
            content_type=content_type,
            size=file.size,
            amendment_reason=reason.strip(),
            uploaded_by=by,
            uploaded_at=timezone.now(),
        )
        amendment = tender.is_published
        case_event(
            case=tender.case,
            kind=EventKind.AMENDMENT if amendment else EventKind.DOCUMENT,
            summary=gettext_noop("Amendment: %(title)s version %(number)s")
            if amendment
            else gettext_noop("Document %(title)s version %(number)s added"),
            detail=reason.strip(),
            data={"title": document.title, "number": number},
            actor=by,
        )
        if amendment:
            from ..ocds.snapshots import ocds_releases_store

            ocds_releases_store(
                case=tender.case, tags=("tenderAmendment",), suffix=f"-document-{version.pk}"
            )
            _notify_suppliers(
                tender,
                event="procurements.amendment",
                title=gettext_lazy("A tender document was amended"),
                body=f"{document.title} (v{number}): {reason.strip()}",
                key=f"amendment:{version.pk}",
            )
    return version


def tender_interest_register(*, tender, supplier) -> None:
    TenderInterest.objects.get_or_create(tender=tender, supplier=supplier)


def question_ask(*, tender, by, question: str) -> TenderQuestion:
    if not by.is_supplier_user:
        raise ValidationError(_("Only suppliers ask questions about a tender."))
    if not tender.is_published or tender.case.stage != Stage.TENDER:
        raise ValidationError(_("This tender is not open for questions."))
    if timezone.now() > tender.deadline:
        raise ValidationError(_("The deadline has passed."))
    if not question.strip():
        raise ValidationError({"question": _("Write your question.")})
    with transaction.atomic(), acting_as(by, reason="tender question asked"):
        tender_interest_register(tender=tender, supplier=by.organization)
        return TenderQuestion.objects.create(
            tender=tender, supplier=by.organization, asked_by=by, question=question.strip()
        )


def answer_cutoff(tender):
    rules = tender.case.procedure_rules
    days = rules.accelerated_cutoff_days if tender.accelerated else rules.question_cutoff_days
    return tender.deadline - timedelta(days=days), days


def question_answer(
    *, question, by, answer: str, new_deadline=None, extension_reason: str = ""
) -> TenderQuestion:
    """Publish the answer to every supplier of the tender at once, without the asker.

    Answers must go out at least 6 days (4 when accelerated) before the deadline; a late
    answer is refused unless the deadline is extended in the same step (everyone is told).
    """
    tender = question.tender
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    if question.published_at:
        raise ValidationError(_("This question has already been answered."))
    if tender.case.stage != Stage.TENDER:
        raise ValidationError(_("Questions are answered while the tender is open."))
    with transaction.atomic(), acting_as(by, reason="tender question answered"):
        if new_deadline is not None:
            tender_deadline_extend(
                tender=tender, by=by, deadline=new_deadline, reason=extension_reason
            )
            tender.refresh_from_db()
        cutoff, days = answer_cutoff(tender)
        if timezone.now() > cutoff:
            raise ValidationError(
                {
                    "answer": _(
                        "Answers must be published at least %(days)s days before the deadline. "
                        "Extend the deadline to answer."
                    )
                    % {"days": days}
                }
            )
        question.answer = answer.strip()
        question.answered_by = by
        question.published_at = timezone.now()
        question.save(update_fields=["answer", "answered_by", "published_at", "updated_at"])
        case_event(
            case=tender.case,
            kind=EventKind.QUESTION,
            summary=gettext_noop("Question answered and published to all suppliers"),
            detail=f"{question.question}\n— {question.answer}",
            actor=by,
        )
        _notify_suppliers(
            tender,
            event="procurements.answer",
            title=gettext_lazy("A question about a tender was answered"),
            body=f"{question.question}\n\n{question.answer}",
            key=f"answer:{question.pk}",
        )
    return question


def tender_deadline_extend(*, tender, by, deadline, reason: str) -> Tender:
    if tender.case.stage != Stage.TENDER:
        raise ValidationError(_("Only an open tender's deadline can be extended."))
    if timezone.now() > tender.deadline:
        raise ValidationError(_("The deadline has already passed."))
    if deadline is None or deadline <= tender.deadline:
        raise ValidationError({"deadline": _("The new deadline must be later than the current.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the deadline is extended.")})
    with transaction.atomic(), acting_as(by, reason="deadline extended"):
        tender = Tender.objects.select_for_update().get(pk=tender.pk)
        old = tender.deadline
        tender.deadline = deadline
        tender.save(update_fields=["deadline", "updated_at"])
        fmt = "%Y-%m-%d %H:%M"
        data = {
            "old": timezone.localtime(old).strftime(fmt),
            "new": timezone.localtime(deadline).strftime(fmt),
        }
        event = case_event(
            case=tender.case,
            kind=EventKind.DEADLINE,
            summary=gettext_noop("Deadline extended from %(old)s to %(new)s"),
            detail=reason.strip(),
            data=data,
            actor=by,
        )
        from ..ocds.snapshots import ocds_releases_store

        ocds_releases_store(
            case=tender.case, tags=("tenderAmendment",), suffix=f"-deadline-{event.pk}"
        )
        _notify_suppliers(
            tender,
            event="procurements.deadline",
            title=gettext_lazy("The deadline of a tender was extended"),
            body=f"{tender.case}: {data['old']} → {data['new']}. {reason.strip()}",
            key=f"deadline:{event.pk}",
        )
    return tender
