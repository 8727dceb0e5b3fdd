"""Reads for design sprints, always scoped to the user."""

from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.history import register
from organizations.selectors import scope_to_network

from .dates import STOCKHOLM
from .enums import ACTIVE_SESSION_STATES, OfferState, Route, SessionState, SprintFormat
from .models import (
    AgreementPrice,
    AgreementSupplier,
    CallOff,
    ClosureDay,
    CompetitionAnswer,
    FrameworkAgreement,
    Offer,
    Participant,
    Prototype,
    Session,
)


def agreements_for_user(user) -> QuerySet[FrameworkAgreement]:
    """Agreement terms are public facts to municipalities; a supplier sees the ones it is on."""
    qs = FrameworkAgreement.objects.select_related("lead_organization", "contract").annotate(
        called_off_sek=Coalesce(Sum("call_offs__value_sek"), Decimal("0"))
    )
    if not user or not user.is_authenticated:
        return qs.none()
    if user.is_platform_admin or user.is_municipal:
        return qs
    if user.is_supplier_user:
        return qs.filter(ranking__supplier=user.organization_id)
    return qs.none()


def agreement_terms(agreement: FrameworkAgreement) -> dict:
    ranking = list(
        AgreementSupplier.objects.filter(agreement=agreement)
        .select_related("supplier")
        .order_by("rank")
    )
    formats = list(agreement.formats.all())
    prices = {
        (p.supplier_id, p.format): p.price_sek
        for p in AgreementPrice.objects.filter(agreement=agreement)
    }
    table = [
        {"entry": entry, "prices": [prices.get((entry.supplier_id, f.format)) for f in formats]}
        for entry in ranking
    ]
    return {"ranking": ranking, "formats": formats, "price_table": table}


def call_offs_for_user(user) -> QuerySet[CallOff]:
    """Own municipality's call-offs; a supplier only the call-offs addressed to it."""
    qs = CallOff.objects.select_related("agreement", "organization", "supplier", "team", "room")
    if not user or not user.is_authenticated:
        return qs.none()
    if user.is_platform_admin:
        return qs
    if user.is_municipal:
        return qs.filter(organization_id=user.organization_id)
    if user.is_supplier_user:
        return qs.filter(addressed_to=user.organization_id)
    return qs.none()


def passed_over(user, call_off: CallOff) -> bool:
    """A supplier the call-off went to someone else: it learns only that it was not chosen
    (never the winner, the team, the price or the sessions)."""
    return bool(
        user.is_authenticated
        and user.is_supplier_user
        and call_off.supplier_id is not None
        and call_off.supplier_id != user.organization_id
    )


def sessions_seen_by(user, call_off: CallOff, sessions) -> list:
    """The sessions of a call-off a user may see: all for the municipality; for a
    supplier those of a call-off it won, or held for its own team."""
    sessions = list(sessions)
    if not user.is_supplier_user:
        return sessions
    own = user.organization_id
    if call_off.supplier_id == own:
        return sessions
    return [s for s in sessions if s.team is not None and s.team.supplier_id == own]


def call_off_detail(call_off: CallOff) -> dict:
    sessions = list(call_off.sessions.select_related("team", "room").prefetch_related("absentees"))
    participants = list(
        call_off.participants.prefetch_related("absent_from").order_by(
            "role", "test_slot_start", "name"
        )
    )
    return {
        "offers": list(call_off.offers.select_related("supplier", "answered_by", "held_team")),
        "sessions": sessions,
        "participants": participants,
    }


def competition_is_sealed(call_off: CallOff, *, now: datetime | None = None) -> bool:
    """Answers stay sealed until the competition's deadline has passed."""
    return (
        call_off.competition_deadline is None
        or (now or timezone.now()) < call_off.competition_deadline
    )


def _competition_answers(user, call_off: CallOff, *, sealed: bool) -> list:
    """A supplier sees its own answer; the municipality all answers once the seal is off."""
    if call_off.route != Route.COMPETITION:
        return []
    qs = CompetitionAnswer.objects.filter(call_off=call_off).select_related("supplier", "team")
    if user.is_supplier_user:
        return list(qs.filter(supplier_id=user.organization_id))
    return [] if sealed else list(qs)


def call_off_page(user, call_off: CallOff) -> dict:
    """What the call-off page shows `user`: a supplier only its own offer and answer, never
    the participants, and the sessions `sessions_seen_by` allows."""
    detail = call_off_detail(call_off)
    offers = detail["offers"]
    if user.is_supplier_user:
        offers = [o for o in offers if o.supplier_id == user.organization_id]
    my_offer = next(
        (
            o
            for o in offers
            if o.state == OfferState.PENDING and o.supplier_id == user.organization_id
        ),
        None,
    )
    sealed = competition_is_sealed(call_off) if call_off.route == Route.COMPETITION else True
    outcome = getattr(call_off, "outcome", None)
    return {
        "offers": offers,
        "my_offer": my_offer,
        "sealed": sealed,
        "answers": _competition_answers(user, call_off, sealed=sealed),
        "passed_over": passed_over(user, call_off),
        "sessions": sessions_seen_by(user, call_off, detail["sessions"]),
        "all_sessions": detail["sessions"],
        "all_participants": detail["participants"],
        "participants": [] if user.is_supplier_user else detail["participants"],
        "outcome": outcome,
        "prototypes": list(outcome.prototypes.all()) if outcome else [],
    }


def participants_of(call_off: CallOff) -> QuerySet[Participant]:
    """The participants of a call-off (the view has checked the user may manage it)."""
    return Participant.objects.filter(call_off=call_off)


def upcoming_closure_days(user) -> QuerySet[ClosureDay]:
    """The user's municipality's closure days from today on."""
    if not user.is_authenticated or not user.is_municipal:
        return ClosureDay.objects.none()
    today = timezone.now().astimezone(STOCKHOLM).date()
    return ClosureDay.objects.filter(organization_id=user.organization_id, date__gte=today)


def offers_for_supplier(user) -> QuerySet[Offer]:
    if not user.is_authenticated or not user.is_supplier_user:
        return Offer.objects.none()
    return Offer.objects.filter(supplier_id=user.organization_id).select_related(
        "call_off", "call_off__organization"
    )


def sessions_for_user(user, *, start=None, end=None) -> QuerySet[Session]:
    """Calendar: a municipality's own sprints; a supplier's booked or held sessions."""
    qs = Session.objects.filter(
        state__in=[*ACTIVE_SESSION_STATES, SessionState.CANCELLED]
    ).select_related("call_off", "call_off__organization", "team", "room", "call_off__supplier")
    if start is not None:
        qs = qs.filter(period__startswith__gte=start)
    if end is not None:
        qs = qs.filter(period__startswith__lt=end)
    if not user or not user.is_authenticated:
        return qs.none()
    if user.is_platform_admin:
        return qs
    if user.is_municipal:
        return qs.filter(call_off__organization_id=user.organization_id)
    if user.is_supplier_user:
        return qs.filter(
            Q(call_off__supplier_id=user.organization_id)
            | Q(state=SessionState.HELD, team__supplier_id=user.organization_id)
            | Q(
                state=SessionState.HELD,
                call_off__offers__supplier_id=user.organization_id,
                call_off__offers__state=OfferState.PENDING,
            )
        ).distinct()
    return qs.none()


def booked_sessions_for_supplier(user, *, start) -> QuerySet[Session]:
    """The supplier's confirmed sessions from `start`: those of the call-offs it won.

    What `sessions_for_user(...).filter(state=CONFIRMED)` returns for a supplier, without
    its OR over joins and DISTINCT (held sessions are not booked): from the supplier's
    call-offs (an index) to their sessions (another), whatever the number of sessions.
    """
    if not user or not user.is_authenticated or not user.is_supplier_user:
        return Session.objects.none()
    return Session.objects.filter(
        call_off__supplier_id=user.organization_id,
        state=SessionState.CONFIRMED,
        period__startswith__gte=start,
    ).select_related("call_off", "call_off__organization", "team", "room", "call_off__supplier")


def sessions_visible_to(user) -> QuerySet[Session]:
    """The sessions whose calendar file a user may fetch: a supplier only its own booked or
    held sessions (never the winner's); everyone else the sessions of the call-offs they see."""
    if user.is_authenticated and user.is_supplier_user:
        return sessions_for_user(user).select_related("room")
    visible = call_offs_for_user(user).values("pk")
    return Session.objects.select_related("call_off", "room").filter(call_off__in=visible)


def prototypes_for_user(user) -> QuerySet[Prototype]:
    """Prototypes from sprints across the user's network."""
    qs = Prototype.objects.select_related(
        "outcome",
        "outcome__call_off",
        "outcome__call_off__organization",
        "outcome__call_off__supplier",
    )
    return scope_to_network(qs, user, owner_field="outcome__call_off__organization")


def distribution(agreement: FrameworkAgreement) -> dict:
    """Call-offs per supplier, per format and per municipality, and every passed-over supplier."""
    call_offs = CallOff.objects.filter(agreement=agreement)
    by_supplier = list(
        call_offs.filter(supplier__isnull=False)
        .values("supplier__name")
        .annotate(count=Count("pk"), value=Coalesce(Sum("price_sek"), Decimal("0")))
        .order_by("supplier__name")
    )
    by_format = list(call_offs.values("format").annotate(count=Count("pk")).order_by("format"))
    by_municipality = list(
        call_offs.values("organization__name")
        .annotate(count=Count("pk"), value=Coalesce(Sum("value_sek"), Decimal("0")))
        .order_by("organization__name")
    )
    passed_over = list(
        Offer.objects.filter(
            call_off__agreement=agreement, state__in=[OfferState.DECLINED, OfferState.EXPIRED]
        )
        .select_related("supplier", "call_off", "call_off__organization")
        .order_by("call_off__reference", "rank")
    )
    for row in by_format:
        row["label"] = SprintFormat(row["format"]).label
    return {
        "by_supplier": by_supplier,
        "by_format": by_format,
        "by_municipality": by_municipality,
        "passed_over": passed_over,
    }


register(CallOff, call_offs_for_user)
register(FrameworkAgreement, agreements_for_user)
register(
    Session,
    lambda user: Session.objects.filter(call_off__in=call_offs_for_user(user).values("pk")),
)
register(
    Offer,
    lambda user: Offer.objects.filter(call_off__in=call_offs_for_user(user).values("pk")),
    # A supplier sees the history of its own offers only (never the ranking, the other
    # offers, the winner or the call-off): what its offer page shows.
    supplier_selector=offers_for_supplier,
    supplier_fields={"price_sek", "offered_at", "response_deadline", "state", "answered_at"},
)
