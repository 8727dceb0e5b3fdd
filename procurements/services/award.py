"""Award decision, notices to every bidder, standstill and review applications."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.calendar import next_working_day
from core.history import acting_as
from core.tasks import enqueue_on_commit

from ..enums import BidStatus, DecisionKind, EventKind, ReviewStatus, Stage
from ..models import AwardDecision, Bid, ReviewApplication
from .cases import case_event


def standstill_end(sent_on: date, *, electronic: bool, rules=None) -> date:
    """Avtalsspärr: 10 days when sent electronically, else 15; day one is the day after
    sending; an end on a weekend or Swedish holiday moves to the next working day."""
    if rules is not None:
        days = rules.standstill_electronic_days if electronic else rules.standstill_other_days
    else:
        days = 10 if electronic else 15
    return next_working_day(sent_on + timedelta(days=days))


def award_decide(*, case, by, sent_electronically: bool = True, sent_on=None) -> AwardDecision:
    """Send the approved award decision as the award notice: record it (winner(s) and
    reasons from the approved proposal, decided by its approver), compute the standstill,
    and e-mail every bidder through Celery once committed. Refused without an approved
    decision (`services.decisions`)."""
    from ..permissions import is_case_officer
    from .decisions import approved_decision

    if case.stage != Stage.AWARD:
        raise ValidationError(_("The award decision is made in the award stage."))
    if hasattr(case, "award"):
        raise ValidationError(_("The award decision is already made."))
    if not is_case_officer(by, case):
        raise ValidationError(_("Only an officer running the case may send the award notice."))
    proposal = approved_decision(case, DecisionKind.AWARD)
    if proposal is None:
        raise ValidationError(
            _("There is no approved award decision: the person authorised must approve it first.")
        )
    winning_bids = list(proposal.winning_bids.select_related("supplier", "tender"))
    if any(b.status != BidStatus.SUBMITTED or b.is_rejected for b in winning_bids):
        raise ValidationError(_("A winner must be a valid, opened bid of this case."))
    reasons = proposal.reasons
    decided_on = timezone.localdate(proposal.decided_at)
    if sent_on is not None and sent_on < decided_on:
        # The notice goes out with the decision or after it, never before (a back-dated
        # sending would start the standstill before the decision existed).
        raise ValidationError(
            {
                "sent_on": _("The decision cannot be sent before it is made (%(date)s).")
                % {"date": decided_on.isoformat()}
            }
        )
    sent_on = sent_on or timezone.localdate()
    ends = standstill_end(sent_on, electronic=sent_electronically, rules=case.procedure_rules)
    with transaction.atomic(), acting_as(by, reason="award decision"):
        award = AwardDecision.objects.create(
            case=case,
            reasons=reasons,
            decided_by=proposal.decided_by,
            decided_at=proposal.decided_at,
            proposal=proposal,
            sent_electronically=sent_electronically,
            sent_on=sent_on,
            standstill_ends_on=ends,
        )
        award.winning_bids.set(winning_bids)
        case_event(
            case=case,
            kind=EventKind.AWARD,
            summary=gettext_noop("Award decision: %(winners)s; standstill until %(end)s"),
            detail=reasons,
            data={
                "winners": ", ".join(b.supplier.name for b in winning_bids),
                "end": ends.isoformat(),
            },
            actor=by,
        )
        from ..ocds.snapshots import ocds_releases_store
        from ..tasks import send_award_notices

        ocds_releases_store(case=case, tags=("award",))

        enqueue_on_commit(send_award_notices, award.pk)
    return award


def award_notices_send(award_id: int) -> int:
    """E-mail the decision to every bidder's supplier users (idempotent by dedupe key)."""
    from notifications.services import email_enqueue
    from organizations.models import User

    award = AwardDecision.objects.select_related("case").get(pk=award_id)
    winners = set(award.winning_bids.values_list("pk", flat=True))
    bids = Bid.objects.filter(
        tender__case=award.case, status=BidStatus.SUBMITTED, supplier__isnull=False
    ).select_related("supplier")
    winner_names = ", ".join(b.supplier.name for b in bids if b.pk in winners)
    sent = 0
    for bid in bids:
        users = User.objects.filter(
            organization=bid.supplier, is_active=True, roles__contains=["supplier"]
        )
        for user in users:
            email_enqueue(
                to=user.email,
                template="emails/procurements/award_notice",
                context={
                    "case": award.case.title,
                    "reference": award.case.reference,
                    "supplier": bid.supplier.name,
                    "won": bid.pk in winners,
                    "winners": winner_names,
                    "reasons": award.reasons,
                    "standstill_ends_on": award.standstill_ends_on,
                    "rejected_reason": bid.rejected_reason,
                },
                language=user.language,
                dedupe_key=f"award:{award.pk}:{user.pk}",
            )
            sent += 1
    return sent


def review_register(*, case, by, applicant: str, filed_on, court: str = "") -> ReviewApplication:
    """Register an överprövning; while pending no contract may be signed."""
    if case.stage not in (Stage.AWARD, Stage.CONTRACT):
        raise ValidationError(_("A review application is registered after the award."))
    if not applicant.strip():
        raise ValidationError({"applicant": _("Name the applicant.")})
    with transaction.atomic(), acting_as(by, reason="review application registered"):
        review = ReviewApplication.objects.create(
            case=case,
            applicant=applicant.strip(),
            filed_on=filed_on,
            registered_by=by,
            **({"court": court.strip()} if court.strip() else {}),
        )
        case_event(
            case=case,
            kind=EventKind.REVIEW,
            summary=gettext_noop("Review application from %(applicant)s registered"),
            data={"applicant": review.applicant},
            actor=by,
        )
    return review


def review_decide(*, review, by, status: str, outcome: str) -> ReviewApplication:
    if review.status != ReviewStatus.PENDING:
        raise ValidationError(_("This review application is already decided."))
    if status not in (ReviewStatus.REJECTED, ReviewStatus.UPHELD, ReviewStatus.WITHDRAWN):
        raise ValidationError({"status": _("Choose the outcome.")})
    with transaction.atomic(), acting_as(by, reason="review application decided"):
        review.status = status
        review.outcome = outcome.strip()
        review.save(update_fields=["status", "outcome", "updated_at"])
        case_event(
            case=review.case,
            kind=EventKind.REVIEW,
            summary=gettext_noop("Review application from %(applicant)s: %(status)s"),
            detail=review.outcome,
            data={"applicant": review.applicant, "status": status},
            actor=by,
        )
    return review
