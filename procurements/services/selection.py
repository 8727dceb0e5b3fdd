"""The selection stage: sealed requests to participate, their two-person opening, the
assessment (pass/fail with reasons, a rank when the number is limited) and the selection
decision that invites candidates and tells everyone why. Only invited candidates tender.
"""

import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from core.files import DOCUMENT_TYPES, validate_upload
from core.history import acting_as
from notifications.events import register_event

from .. import crypto
from ..enums import EventKind, OpeningKind, OpeningStatus, RequestStatus, Stage
from ..models import (
    OpeningSession,
    ParticipationRequest,
    ParticipationRequestFile,
    SelectionAssessment,
    Tender,
)
from .cases import case_event
from .opening import TARGET_LOADERS, Opener, register_opener

MAX_REQUEST_FILES = 10
SELECTION_EVENT = "procurements.selection"
register_event(SELECTION_EVENT, gettext_lazy("Selection of candidates"))


def requests_key(tender) -> str:
    return f"{OpeningKind.REQUESTS}:{tender.pk}"


def requests_opened(tender) -> bool:
    return OpeningSession.objects.filter(
        target_key=requests_key(tender), status=OpeningStatus.CONFIRMED
    ).exists()


def _check_open_for_requests(tender, now) -> None:
    if not tender.case.procedure_rules.selection:
        raise ValidationError(_("This procedure has no requests to participate."))
    if not tender.is_published or tender.case.stage != Stage.TENDER:
        raise ValidationError(_("This tender does not accept requests to participate."))
    if tender.requests_deadline is None or now > tender.requests_deadline:
        raise ValidationError(_("The deadline for requests to participate has passed."))
    if requests_opened(tender):
        raise ValidationError(_("The requests to participate have been opened."))


def request_submit(*, tender: Tender, by, text: str, files=()) -> ParticipationRequest:
    """Submit a sealed request to participate, or replace the supplier's live one, until
    its deadline. Everything identifying or describing it is encrypted; writes no case
    event and no history (which would tell that someone asked to participate)."""
    now = timezone.now()
    if not by.is_supplier_user or not by.has_role("supplier", "admin"):
        raise ValidationError(_("Only a supplier may request to participate."))
    _check_open_for_requests(tender, now)
    errors = {}
    if not text.strip():
        errors["text"] = _("Describe how you meet the selection criteria.")
    files = list(files)
    if len(files) > MAX_REQUEST_FILES:
        errors["files"] = _("At most %(n)s files.") % {"n": MAX_REQUEST_FILES}
    for upload in files:
        try:
            validate_upload(upload, allowed_types=DOCUMENT_TYPES)
        except ValidationError as exc:
            errors.setdefault("files", [])
            if isinstance(errors["files"], list):
                errors["files"].extend(f"{upload.name}: {m}" for m in exc.messages)
    if errors:
        raise ValidationError(errors)
    token = crypto.supplier_token(tender.pk, by.organization_id)
    payload = {"supplier_id": by.organization_id, "submitted_by_id": by.pk, "text": text.strip()}
    try:
        with transaction.atomic():
            Tender.objects.select_for_update().get(pk=tender.pk)  # serialise with the opening
            tender.refresh_from_db()
            _check_open_for_requests(tender, timezone.now())
            request = (
                ParticipationRequest.objects.select_for_update()
                .filter(tender=tender, supplier_token=token, status=RequestStatus.SUBMITTED)
                .first()
            )
            if request is None:
                request = ParticipationRequest(tender=tender, supplier_token=token, version=1)
            else:
                request.version += 1
            request.sealed = crypto.seal_json(payload)
            request.submitted_at = now
            request.receipt_code = "R-" + secrets.token_hex(8).upper()
            request.save()
            for upload in files:
                upload.seek(0)
                ParticipationRequestFile.objects.create(
                    request=request,
                    file=ContentFile(crypto.seal_bytes(upload.read()), name="sealed.bin"),
                    sealed_name=crypto.seal_bytes(upload.name[:200].encode()),
                    request_version=request.version,
                )
    except IntegrityError as exc:
        raise ValidationError(_("Your organisation already has a request; replace it.")) from exc
    return request


def request_content(request: ParticipationRequest) -> dict:
    """The decrypted content; callers have checked the user may see it."""
    return {"text": crypto.unseal_json(request.sealed)["text"]}


def request_file_name(request_file: ParticipationRequestFile) -> str:
    return crypto.unseal_bytes(request_file.sealed_name).decode()


def request_assess(
    *, request: ParticipationRequest, by, passed: bool, reasons: str, rank=None
) -> SelectionAssessment:
    """Record (or correct) the assessment of one opened request until the selection is
    decided: pass/fail against the selection criteria with reasons, and a rank."""
    from ..permissions import is_case_officer

    tender = request.tender
    if not is_case_officer(by, tender.case):
        raise ValidationError(_("Only an officer running the case may assess requests."))
    if request.supplier_id is None or request.status != RequestStatus.SUBMITTED:
        raise ValidationError(_("Only an opened, valid request can be assessed."))
    if not reasons.strip():
        raise ValidationError({"reasons": _("Give the reasons for the assessment.")})
    with transaction.atomic(), acting_as(by, reason="request assessed"):
        tender = Tender.objects.select_for_update().get(pk=tender.pk)
        if tender.selection_decided_at:
            raise ValidationError(_("The candidates have already been selected."))
        assessment, _created = SelectionAssessment.objects.update_or_create(
            request=request,
            defaults={
                "passed": passed,
                "reasons": reasons.strip(),
                "rank": rank,
                "assessed_by": by,
            },
        )
    return assessment


def selection_decide(*, tender: Tender, by, invited) -> list[SelectionAssessment]:
    """Invite `invited` (opened requests that passed) to tender; all others are not.

    Refused while a request is unassessed, when a failed request is invited, or when more
    are invited than the notice allows. Side effects: a case event and (on commit) a
    notice to every candidate's users, with the reasons for those not invited.
    """
    from ..permissions import is_case_officer

    case = tender.case
    if not is_case_officer(by, case):
        raise ValidationError(_("Only an officer running the case may select candidates."))
    if not requests_opened(tender):
        raise ValidationError(_("The requests to participate have not been opened yet."))
    invited_ids = {r.pk for r in invited}
    with transaction.atomic(), acting_as(by, reason="candidates selected"):
        tender = Tender.objects.select_for_update().get(pk=tender.pk)
        if tender.selection_decided_at:
            raise ValidationError(_("The candidates have already been selected."))
        requests = list(
            ParticipationRequest.objects.filter(
                tender=tender, status=RequestStatus.SUBMITTED, supplier__isnull=False
            ).select_related("assessment", "supplier")
        )
        if not invited_ids or not invited_ids <= {r.pk for r in requests}:
            raise ValidationError(_("Choose the candidates among the opened requests."))
        assessments = []
        for request in requests:
            assessment = getattr(request, "assessment", None)
            if assessment is None:
                raise ValidationError(
                    _("Assess every request first (%(name)s is not assessed).")
                    % {"name": request.supplier.name}
                )
            if request.pk in invited_ids and not assessment.passed:
                raise ValidationError(
                    _("%(name)s does not meet the selection criteria and cannot be invited.")
                    % {"name": request.supplier.name}
                )
            assessments.append(assessment)
        if tender.max_candidates and len(invited_ids) > tender.max_candidates:
            raise ValidationError(
                _("The notice allows at most %(n)s candidates.") % {"n": tender.max_candidates}
            )
        now = timezone.now()
        for assessment in assessments:
            assessment.invited = assessment.request_id in invited_ids
            assessment.decided_at = now
            assessment.save(update_fields=["invited", "decided_at", "updated_at"])
        tender.selection_decided_at = now
        tender.save(update_fields=["selection_decided_at", "updated_at"])
        case_event(
            case=case,
            kind=EventKind.SELECTION,
            summary=gettext_noop("Candidates selected: %(invited)s invited of %(count)s"),
            detail="\n".join(
                f"{a.request.supplier.name}: {a.reasons}"
                for a in assessments
                if a.request_id not in invited_ids
            ),
            data={"invited": len(invited_ids), "count": len(assessments)},
            actor=by,
        )
        _notify_candidates([a.pk for a in assessments])
    return assessments


def _notify_candidates(assessment_ids) -> None:
    from notifications.services import notify
    from organizations.models import User

    for assessment in SelectionAssessment.objects.filter(pk__in=assessment_ids).select_related(
        "request__supplier", "request__tender__case"
    ):
        tender = assessment.request.tender
        if assessment.invited:
            title = gettext_lazy("You are invited to submit a tender")
            body = str(tender.case)
        else:
            title = gettext_lazy("You were not selected to submit a tender")
            body = f"{tender.case}\n\n{assessment.reasons}"
        for user in User.objects.filter(
            organization=assessment.request.supplier, is_active=True, roles__contains=["supplier"]
        ):
            notify(
                recipient=user,
                event=SELECTION_EVENT,
                title=title,
                body=body,
                url=reverse("procurements:tender-detail", kwargs={"pk": tender.pk}),
                dedupe_key=f"selection:{assessment.pk}:{user.pk}",
            )


def is_invited(tender, organization_id) -> bool:
    """Whether the organisation may tender: always for one-step procedures; after the
    selection only an invited candidate."""
    if not tender.case.procedure_rules.selection:
        return True
    return SelectionAssessment.objects.filter(
        request__tender=tender,
        request__supplier_id=organization_id,
        request__status=RequestStatus.SUBMITTED,
        invited=True,
    ).exists()


# --- The two-person opening of the requests ----------------------------------------


def _requests_problems(tender: Tender, now) -> list[str]:
    problems = []
    if not tender.case.procedure_rules.selection:
        problems.append(_("This procedure has no requests to participate."))
    if tender.requests_deadline is None or now <= tender.requests_deadline:
        problems.append(_("Requests can only be opened after their deadline."))
    if tender.case.stage != Stage.TENDER:
        problems.append(_("Requests are opened while the case is in the tender stage."))
    if requests_opened(tender):
        problems.append(_("The requests to participate have already been opened."))
    return problems


def _unseal_requests(tender: Tender, session, by, now) -> int:
    live = list(
        ParticipationRequest.objects.select_for_update().filter(
            tender=tender, status=RequestStatus.SUBMITTED
        )
    )
    for request in live:
        request.supplier_id = crypto.unseal_json(request.sealed)["supplier_id"]
        request.save(update_fields=["supplier", "updated_at"])
    return len(live)


register_opener(
    Opener(
        kind=OpeningKind.REQUESTS,
        case_of=lambda tender: tender.case,
        key=requests_key,
        problems=_requests_problems,
        lock=lambda tender: (
            Tender.objects.select_for_update().select_related("case").get(pk=tender.pk)
        ),
        unseal=_unseal_requests,
        url=lambda tender: reverse("procurements:requests-open", kwargs={"pk": tender.case_id}),
    )
)
TARGET_LOADERS[OpeningKind.REQUESTS] = lambda pk: Tender.objects.select_related("case").get(pk=pk)
