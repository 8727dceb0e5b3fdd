"""Negotiation rounds: who continues (reasoned, notified), questions per candidate, revised
sealed tenders opened by two officials, and the call for final tenders.

At a round's opening each continuing candidate's revised tender becomes its tender: its
content replaces the sealed content of the candidate's bid (the bid's version goes up),
so evaluation, scores and award always work on the latest tender; a candidate that does
not continue is set aside with the round's reasons. After the final round nothing is
negotiated, and the evaluation is completed only once the final tenders are opened.
"""

import secrets
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from core.history import acting_as
from notifications.events import register_event

from .. import crypto
from ..enums import BidStatus, EventKind, OpeningKind, OpeningStatus, Stage
from ..models import Bid, OpeningSession, RoundParticipant, RoundQuestion, RoundTender, TenderRound
from .cases import case_event
from .opening import TARGET_LOADERS, Opener, register_opener

ROUND_EVENT = "procurements.negotiation"
register_event(ROUND_EVENT, gettext_lazy("Negotiation rounds"))


def round_key(tender_round) -> str:
    return f"{OpeningKind.ROUND}:{tender_round.pk}"


def round_opened(tender_round) -> bool:
    return OpeningSession.objects.filter(
        target_key=round_key(tender_round), status=OpeningStatus.CONFIRMED
    ).exists()


def _candidates(tender) -> list[Bid]:
    """The candidates still in the running: opened, live, not set aside."""
    return list(
        Bid.objects.filter(
            tender=tender, status=BidStatus.SUBMITTED, supplier__isnull=False, rejected_reason=""
        ).select_related("supplier")
    )


def _check_round_may_open(tender, by, deadline):
    """The case and the previous round, or a ValidationError saying why no round opens."""
    from ..models import ProcurementCase
    from ..permissions import is_case_officer

    case = ProcurementCase.objects.get(pk=tender.case_id)  # its current stage
    if not is_case_officer(by, case):
        raise ValidationError(_("Only an officer running the case may open a round."))
    if case.procedure_rules.negotiation_rounds == 0:
        raise ValidationError(_("This procedure does not allow negotiation."))
    if case.stage != Stage.EVALUATION:
        raise ValidationError(_("Rounds are opened after the tenders are opened, in evaluation."))
    if case.evaluation_completed_at:
        raise ValidationError(_("The evaluation is completed; no more rounds."))
    previous = tender.rounds.order_by("-number").first()
    if previous is not None and previous.is_final:
        raise ValidationError(_("The final tenders have been called for: no more negotiation."))
    if previous is not None and not round_opened(previous):
        raise ValidationError(_("Open the previous round's tenders first."))
    if deadline is None or deadline <= timezone.now():
        raise ValidationError({"deadline": _("The deadline must be in the future.")})
    return case, previous


def round_open(
    *, tender, by, deadline, decisions: dict, is_final: bool = False, notes: str = ""
) -> TenderRound:
    """Open a round: `decisions` maps every remaining candidate (organisation) to
    (continues, reasons). Candidates not continuing are set aside with the reasons.
    Side effects: a case event and, on commit, a notice to every candidate."""
    case, previous = _check_round_may_open(tender, by, deadline)
    candidates = _candidates(tender)
    by_org = {b.supplier_id: b for b in candidates}
    decided = {getattr(org, "pk", org): value for org, value in decisions.items()}
    if set(decided) != set(by_org):
        raise ValidationError(_("Decide for every remaining candidate whether it continues."))
    if any(not str(reasons).strip() for _continues, reasons in decided.values()):
        raise ValidationError(_("Give the reasons for every candidate's decision."))
    if not any(continues for continues, _reasons in decided.values()):
        raise ValidationError(_("At least one candidate must continue."))
    try:
        with transaction.atomic(), acting_as(by, reason="negotiation round opened"):
            tender_round = TenderRound.objects.create(
                tender=tender,
                number=(previous.number + 1) if previous else 1,
                is_final=is_final,
                deadline=deadline,
                notes=notes.strip(),
                opened_by=by,
            )
            for org_id, (continues, reasons) in decided.items():
                RoundParticipant.objects.create(
                    round=tender_round,
                    supplier_id=org_id,
                    continues=bool(continues),
                    reasons=str(reasons).strip(),
                )
                if not continues:
                    bid = by_org[org_id]
                    bid.rejected_reason = _set_aside_reason(tender_round.number, reasons)
                    bid.save(update_fields=["rejected_reason", "updated_at"])
            summary = (
                gettext_noop("Final tenders called for: %(count)s candidates, due %(deadline)s")
                if is_final
                else gettext_noop(
                    "Negotiation round %(number)s: %(count)s candidates continue, revised "
                    "tenders due %(deadline)s"
                )
            )
            case_event(
                case=case,
                kind=EventKind.NEGOTIATION,
                summary=summary,
                detail=tender_round.notes,
                data={
                    "number": tender_round.number,
                    "count": sum(1 for c, _r in decided.values() if c),
                    "deadline": timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M"),
                },
                actor=by,
            )
            _notify_round(tender_round.pk)
    except IntegrityError as exc:
        raise ValidationError(_("The round could not be opened; try again.")) from exc
    return tender_round


def _supplier_users(organization_id):
    from organizations.models import User

    return User.objects.filter(
        organization_id=organization_id, is_active=True, roles__contains=["supplier"]
    )


def _notify_round(round_id: int) -> None:
    from notifications.services import notify

    tender_round = TenderRound.objects.select_related("tender__case").get(pk=round_id)
    url = reverse("procurements:supplier-round", kwargs={"pk": tender_round.pk})
    for participant in tender_round.participants.all():
        if participant.continues:
            title = (
                gettext_lazy("Submit your final tender")
                if tender_round.is_final
                else gettext_lazy("Submit a revised tender")
            )
            body = str(tender_round.tender.case)
        else:
            title = gettext_lazy("You do not continue in the negotiation")
            body = f"{tender_round.tender.case}\n\n{participant.reasons}"
        for user in _supplier_users(participant.supplier_id):
            notify(
                recipient=user,
                event=ROUND_EVENT,
                title=title,
                body=body,
                url=url if participant.continues else "",
                dedupe_key=f"round:{participant.pk}:{user.pk}",
            )


def _participant(tender_round, organization_id):
    return tender_round.participants.filter(supplier_id=organization_id, continues=True).first()


def round_question_ask(*, tender_round, supplier, by, question: str) -> RoundQuestion:
    """A question to one continuing candidate; only it and the case's officers see it."""
    from ..permissions import is_case_officer

    if not is_case_officer(by, tender_round.tender.case):
        raise ValidationError(_("Only an officer running the case may ask candidates."))
    if tender_round.is_final:
        raise ValidationError(_("There is no negotiation after the call for final tenders."))
    if round_opened(tender_round):
        raise ValidationError(_("This round's tenders are opened; ask in the next round."))
    if _participant(tender_round, supplier.pk) is None:
        raise ValidationError({"supplier": _("The candidate does not take part in this round.")})
    if not question.strip():
        raise ValidationError({"question": _("Write the question.")})
    with transaction.atomic():
        row = RoundQuestion.objects.create(
            round=tender_round, supplier=supplier, question=question.strip(), asked_by=by
        )
        _notify_question(row.pk)
    return row


def _notify_question(question_id: int) -> None:
    from notifications.services import notify

    row = RoundQuestion.objects.select_related("round__tender__case").get(pk=question_id)
    for user in _supplier_users(row.supplier_id):
        notify(
            recipient=user,
            event=ROUND_EVENT,
            title=gettext_lazy("A question for you in the negotiation"),
            body=str(row.round.tender.case),
            url=reverse("procurements:supplier-round", kwargs={"pk": row.round_id}),
            dedupe_key=f"round-question:{row.pk}:{user.pk}",
        )


def round_question_answer(*, question: RoundQuestion, by, answer: str) -> RoundQuestion:
    """The candidate's answer (a supplier user of the asked organisation only)."""
    if not by.is_supplier_user or by.organization_id != question.supplier_id:
        raise ValidationError(_("This question is not for your organisation."))
    if round_opened(question.round) or timezone.now() > question.round.deadline:
        raise ValidationError(_("The round is closed."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    with transaction.atomic():
        question = RoundQuestion.objects.select_for_update().get(pk=question.pk)
        question.answer = answer.strip()
        question.answered_by = by
        question.answered_at = timezone.now()
        question.save(update_fields=["answer", "answered_by", "answered_at", "updated_at"])
    return question


def _check_round_open_for_tenders(tender_round, now) -> None:
    if round_opened(tender_round):
        raise ValidationError(_("This round's tenders have been opened."))
    if now > tender_round.deadline:
        raise ValidationError(_("The deadline has passed; no tender is accepted after it."))


def round_tender_submit(*, tender_round, by, text: str, price_sek) -> RoundTender:
    """A continuing candidate's revised (or final) tender, sealed, replaceable until the
    round's deadline. Writes no case event and no history."""
    now = timezone.now()
    if not by.is_supplier_user or not by.has_role("supplier", "admin"):
        raise ValidationError(_("Only a supplier may submit a tender."))
    if _participant(tender_round, by.organization_id) is None:
        raise ValidationError(_("Only candidates continuing in this round may tender."))
    _check_round_open_for_tenders(tender_round, now)
    errors = {}
    if not text.strip():
        errors["text"] = _("Describe your offer.")
    try:
        price = Decimal(str(price_sek))
        if price < 0:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["price_sek"] = _("Enter the price in SEK as a number, zero or more.")
    if errors:
        raise ValidationError(errors)
    token = crypto.supplier_token(tender_round.tender_id, by.organization_id)
    payload = {
        "supplier_id": by.organization_id,
        "submitted_by_id": by.pk,
        "text": text.strip(),
        "price_sek": str(price),
    }
    with transaction.atomic():
        TenderRound.objects.select_for_update().get(pk=tender_round.pk)
        _check_round_open_for_tenders(tender_round, timezone.now())
        row = (
            RoundTender.objects.select_for_update()
            .filter(round=tender_round, supplier_token=token, status=BidStatus.SUBMITTED)
            .first()
        )
        if row is None:
            row = RoundTender(round=tender_round, supplier_token=token, version=1)
        else:
            row.version += 1
        row.sealed = crypto.seal_json(payload)
        row.submitted_at = now
        row.receipt_code = "N-" + secrets.token_hex(8).upper()
        row.save()
    return row


def own_round_tender(user, tender_round) -> RoundTender | None:
    token = crypto.supplier_token(tender_round.tender_id, user.organization_id)
    return RoundTender.objects.filter(
        round=tender_round, supplier_token=token, status=BidStatus.SUBMITTED
    ).first()


# --- The two-person opening of a round's tenders -----------------------------------


def _round_problems(tender_round, now) -> list[str]:
    problems = []
    if now <= tender_round.deadline:
        problems.append(_("Revised tenders can only be opened after their deadline."))
    if tender_round.tender.case.stage != Stage.EVALUATION:
        problems.append(_("Revised tenders are opened while the case is in evaluation."))
    if round_opened(tender_round):
        problems.append(_("This round's tenders have already been opened."))
    return problems


def _unseal_round(tender_round, session, by, now) -> int:
    """Name each revised tender's candidate and make it the candidate's tender."""
    live = list(
        RoundTender.objects.select_for_update().filter(
            round=tender_round, status=BidStatus.SUBMITTED
        )
    )
    bids = {
        b.supplier_id: b
        for b in Bid.objects.select_for_update().filter(
            tender_id=tender_round.tender_id, status=BidStatus.SUBMITTED, supplier__isnull=False
        )
    }
    for row in live:
        row.supplier_id = crypto.unseal_json(row.sealed)["supplier_id"]
        row.save(update_fields=["supplier", "updated_at"])
        bid = bids.get(row.supplier_id)
        if bid is not None:
            bid.sealed = row.sealed
            bid.version += 1
            bid.submitted_at = row.submitted_at
            bid.save(update_fields=["sealed", "version", "submitted_at", "updated_at"])
    return len(live)


register_opener(
    Opener(
        kind=OpeningKind.ROUND,
        case_of=lambda tender_round: tender_round.tender.case,
        key=round_key,
        problems=_round_problems,
        lock=lambda tender_round: (
            TenderRound.objects.select_for_update(of=("self",))
            .select_related("tender__case")
            .get(pk=tender_round.pk)
        ),
        unseal=_unseal_round,
        url=lambda tender_round: reverse("procurements:round-open", kwargs={"pk": tender_round.pk}),
    )
)
TARGET_LOADERS[OpeningKind.ROUND] = lambda pk: TenderRound.objects.select_related(
    "tender__case"
).get(pk=pk)


def negotiation_problems(tender) -> list[str]:
    """Why the evaluation cannot be completed yet because of negotiation (empty: it can)."""
    last = tender.rounds.order_by("-number").first()
    if last is None:
        return []
    if not last.is_final:
        return [_("Call for final tenders before completing the evaluation.")]
    if not round_opened(last):
        return [_("Open the final tenders before completing the evaluation.")]
    return []


def _set_aside_reason(number: int, reasons: str) -> str:
    return _("Did not continue to round %(n)s: %(reasons)s") % {
        "n": number,
        "reasons": str(reasons).strip(),
    }


def set_aside_reasons(bid) -> list[str]:
    """Why the bid's supplier did not continue into a negotiation round (the reasoned
    decision taken when the round was opened), if it did not."""
    left = RoundParticipant.objects.filter(
        round__tender_id=bid.tender_id, supplier_id=bid.supplier_id, continues=False
    ).select_related("round")
    return [_set_aside_reason(p.round.number, p.reasons) for p in left]
