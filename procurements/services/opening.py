"""The two-person opening, one mechanism for every sealed set of a case.

An official of the case starts the opening (`opening_start`); a second, different
authorised official confirms it in their own session (`opening_confirm`) within
`OPENING_CONFIRMATION_MINUTES`. Only the confirmation unseals anything, and it records
both people and both times in the opening protocol (`OpeningSession`) and the case log.
Neither alone can open: the starter cannot confirm (also a database check), an
unconfirmed opening lapses, and while one waits no second one can start for the same set.

What is opened is pluggable (`Opener`): tenders of a tender (`bids`), requests to
participate, a negotiation round's revised or final tenders. Each opener says why its set
cannot be opened yet, locks its rows and unseals them, returning how many it opened.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from core.history import acting_as
from notifications.events import register_event

from .. import crypto
from ..enums import (
    OPENING_CONFIRMATION_MINUTES,
    BidStatus,
    EventKind,
    OpeningKind,
    OpeningStatus,
    Stage,
)
from ..models import Bid, BidOpening, OpeningSession, Tender
from .cases import case_event

CONFIRMATION_EVENT = "procurements.opening_confirmation"
register_event(CONFIRMATION_EVENT, gettext_lazy("An opening waits for your confirmation"))


@dataclass(frozen=True)
class Opener:
    """How one kind of sealed set is opened."""

    kind: str
    case_of: Callable  # target -> case
    key: Callable  # target -> the set's key (one live opening per key)
    problems: Callable  # (target, now) -> [why it cannot be opened now]
    lock: Callable  # target -> target, row-locked and fresh
    unseal: Callable  # (target, session, by, now) -> number of items opened
    url: Callable  # target -> the opening page


OPENERS: dict[str, Opener] = {}


def register_opener(opener: Opener) -> Opener:
    OPENERS[opener.kind] = opener
    return opener


def _opener(kind: str) -> Opener:
    try:
        return OPENERS[kind]
    except KeyError as exc:
        raise ValidationError(_("Nothing of this kind can be opened.")) from exc


def opening_key(*, kind: str, target) -> str:
    return _opener(kind).key(target)


def _check_starter(by, case) -> None:
    from ..permissions import is_case_officer

    if not is_case_officer(by, case):
        raise ValidationError(_("Only an officer running the case may start the opening."))


def _check_confirmer(by, session, case) -> None:
    from ..permissions import is_case_official

    if by.pk == session.started_by_id:
        raise ValidationError(
            _("You started this opening: a second official must confirm it in their own session.")
        )
    if not is_case_official(by, case):
        raise ValidationError(
            _("Only an officer, coordinator or evaluator of the case may confirm the opening.")
        )


def _lapse_stale(key: str, now) -> int:
    """Mark waiting openings of `key` whose time ran out as expired (their own commit)."""
    return OpeningSession.objects.filter(
        target_key=key, status=OpeningStatus.PENDING, expires_at__lt=now
    ).update(status=OpeningStatus.EXPIRED, updated_at=now)


def opening_start(*, kind: str, target, by) -> OpeningSession:
    """Start a two-person opening of `target`'s sealed set; nothing is unsealed yet.

    Side effects: a case event, and (on commit) a notice to the case's other officials
    asking one of them to confirm within the time limit.
    """
    opener = _opener(kind)
    case = opener.case_of(target)
    _check_starter(by, case)
    now = timezone.now()
    problems = opener.problems(target, now)
    if problems:
        raise ValidationError(problems)
    key = opener.key(target)
    _lapse_stale(key, now)
    try:
        with transaction.atomic(), acting_as(by, reason="opening started"):
            target = opener.lock(target)
            problems = opener.problems(target, now)
            if problems:
                raise ValidationError(problems)
            session = OpeningSession.objects.create(
                case=case,
                kind=kind,
                target_key=key,
                started_by=by,
                started_at=now,
                expires_at=now + timedelta(minutes=OPENING_CONFIRMATION_MINUTES),
            )
            case_event(
                case=case,
                kind=EventKind.OPENING,
                summary=gettext_noop(
                    "Opening of %(what)s started by %(by)s; a second official must confirm "
                    "it by %(until)s"
                ),
                data={
                    "what": kind,
                    "by": str(by),
                    "until": timezone.localtime(session.expires_at).strftime("%Y-%m-%d %H:%M"),
                },
                actor=by,
            )
            url = opener.url(target)
            _ask_for_confirmation(session.pk, url)
    except IntegrityError as exc:
        raise ValidationError(
            _("An opening of these items is already waiting for confirmation or done.")
        ) from exc
    return session


def _ask_for_confirmation(session_id: int, url: str) -> None:
    """Tell the case's other officials that an opening waits for them (in-app + e-mail)."""
    from notifications.services import notify

    from ..selectors import opening_confirmers

    session = OpeningSession.objects.select_related("case", "started_by").get(pk=session_id)
    title = gettext_lazy("An opening waits for your confirmation")
    for user in opening_confirmers(session.case, exclude=session.started_by):
        notify(
            recipient=user,
            event=CONFIRMATION_EVENT,
            title=title,
            body=str(session.case),
            url=url,
            dedupe_key=f"opening:{session.pk}:{user.pk}",
        )


def opening_confirm(*, session: OpeningSession, by) -> OpeningSession:
    """Confirm a waiting opening as the second official: this unseals the set.

    Refused for the official who started it, for anyone not authorised in the case, and
    after the time limit (the opening then lapses and must be started again). Records the
    confirmer and the time in the protocol and the case log.
    """
    opener = _opener(session.kind)
    case = session.case
    _check_confirmer(by, session, case)
    now = timezone.now()
    if session.status == OpeningStatus.PENDING and now > session.expires_at:
        _lapse_stale(session.target_key, now)
    with transaction.atomic(), acting_as(by, reason="opening confirmed"):
        session = OpeningSession.objects.select_for_update().get(pk=session.pk)
        if session.status == OpeningStatus.EXPIRED:
            raise ValidationError(
                _("The time to confirm this opening has run out; it must be started again.")
            )
        if session.status != OpeningStatus.PENDING:
            raise ValidationError(_("This opening is no longer waiting for confirmation."))
        _check_confirmer(by, session, case)
        target = opener.lock(_target_of(session))
        problems = opener.problems(target, now)
        if problems:
            raise ValidationError(problems)
        count = opener.unseal(target, session, by, now)
        session.status = OpeningStatus.CONFIRMED
        session.confirmed_by = by
        session.confirmed_at = now
        session.opened_count = count
        session.save(
            update_fields=["status", "confirmed_by", "confirmed_at", "opened_count", "updated_at"]
        )
        case_event(
            case=case,
            kind=EventKind.OPENING,
            summary=gettext_noop(
                "%(what)s opened: started by %(by)s at %(started)s, confirmed by %(witness)s "
                "at %(confirmed)s; %(count)s opened"
            ),
            data={
                "what": session.kind,
                "by": str(session.started_by),
                "witness": str(by),
                "started": timezone.localtime(session.started_at).strftime("%H:%M"),
                "confirmed": timezone.localtime(now).strftime("%H:%M"),
                "count": count,
            },
            actor=by,
        )
    return session


def opening_cancel(*, session: OpeningSession, by) -> OpeningSession:
    """Call off a waiting opening (its starter or an officer of the case)."""
    from ..permissions import is_case_officer

    if by.pk != session.started_by_id and not is_case_officer(by, session.case):
        raise ValidationError(_("Only the officers of the case may cancel the opening."))
    with transaction.atomic(), acting_as(by, reason="opening cancelled"):
        session = OpeningSession.objects.select_for_update().get(pk=session.pk)
        if session.status != OpeningStatus.PENDING:
            raise ValidationError(_("This opening is no longer waiting for confirmation."))
        session.status = OpeningStatus.CANCELLED
        session.ended_by = by
        session.save(update_fields=["status", "ended_by", "updated_at"])
        case_event(
            case=session.case,
            kind=EventKind.OPENING,
            summary=gettext_noop("Opening of %(what)s called off by %(by)s"),
            data={"what": session.kind, "by": str(by)},
            actor=by,
        )
    return session


def _target_of(session: OpeningSession):
    kind, _sep, pk = session.target_key.partition(":")
    return TARGET_LOADERS[kind](int(pk))


TARGET_LOADERS: dict[str, Callable] = {}


# --- Tenders of the tender stage ------------------------------------------------------


def _bid_problems(tender: Tender, now) -> list[str]:
    problems = []
    if tender.deadline is None or now <= tender.deadline:
        problems.append(_("Bids can only be opened after the deadline."))
    if tender.case.stage != Stage.TENDER:
        problems.append(_("Bids are opened while the case is in the tender stage."))
    if BidOpening.objects.filter(tender_id=tender.pk).exists():
        problems.append(_("The bids have already been opened."))
    return problems


def _lock_tender(tender: Tender) -> Tender:
    return Tender.objects.select_for_update().select_related("case").get(pk=tender.pk)


def _unseal_bids(tender: Tender, session: OpeningSession, by, now) -> int:
    """Write the supplier of every live bid in plain (for evaluation) and the protocol."""
    live = list(Bid.objects.select_for_update().filter(tender=tender, status=BidStatus.SUBMITTED))
    for bid in live:
        bid.supplier_id = crypto.unseal_json(bid.sealed)["supplier_id"]
        bid.save(update_fields=["supplier", "updated_at"])
    BidOpening.objects.create(
        tender=tender,
        opened_at=now,
        opened_by=session.started_by,
        witness=by,
        bid_count=len(live),
        session=session,
    )
    return len(live)


def _tender_url(tender: Tender) -> str:
    from django.urls import reverse

    return reverse("procurements:bids-open", kwargs={"pk": tender.case_id})


register_opener(
    Opener(
        kind=OpeningKind.BIDS,
        case_of=lambda tender: tender.case,
        key=lambda tender: f"{OpeningKind.BIDS}:{tender.pk}",
        problems=_bid_problems,
        lock=_lock_tender,
        unseal=_unseal_bids,
        url=_tender_url,
    )
)
TARGET_LOADERS[OpeningKind.BIDS] = lambda pk: Tender.objects.select_related("case").get(pk=pk)
