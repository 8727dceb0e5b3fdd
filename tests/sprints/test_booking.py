"""A booked sprint cancelled, moved, and expired holds released."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.calendar import add_working_days, is_working_day
from notifications.models import Notification
from sprints import services
from sprints.dates import STOCKHOLM, local_today
from sprints.enums import (
    CallOffState,
    OfferState,
    SessionState,
    SprintFormat,
)
from tests.sprints.helpers import expire_offer


def test_cancel_before_cutoff_is_free_and_cancels_sessions(make_call_off, staff, pwc):
    call_off = make_call_off()
    services.offer_respond(offer=call_off.offers.get(), by=pwc.user, accept=True)
    services.call_off_cancel(call_off=call_off, by=staff, reason="Budgeten drogs in")
    call_off.refresh_from_db()
    assert (call_off.state, call_off.cancellation_cost_sek, call_off.value_sek) == (
        CallOffState.CANCELLED,
        0,
        0,
    )
    # Revisions: held for the team (1), confirmed (2), cancelled (3).
    assert {(s.state, s.sequence) for s in call_off.sessions.all()} == {(SessionState.CANCELLED, 3)}
    assert Notification.objects.filter(recipient=pwc.user, event="sprints.cancelled").exists()


def test_cancel_after_cutoff_costs_the_late_share(make_call_off, staff, pwc):
    start = add_working_days(local_today(), 3)
    call_off = make_call_off(sprint_format=SprintFormat.ONE_DAY, start_date=start, end_date=start)
    services.offer_respond(offer=call_off.offers.get(), by=pwc.user, accept=True)
    services.call_off_cancel(call_off=call_off, by=staff, reason="Sjukdom")
    call_off.refresh_from_db()
    assert call_off.cancellation_cost_sek == Decimal("30000.00")
    assert call_off.value_sek == Decimal("30000.00")


def test_cancel_needs_a_reason(make_call_off, staff):
    call_off = make_call_off()
    with pytest.raises(ValidationError):
        services.call_off_cancel(call_off=call_off, by=staff, reason=" ")
    call_off.refresh_from_db()
    assert call_off.state == CallOffState.OFFERED


def test_pending_offer_is_withdrawn_on_cancel(make_call_off, staff):
    call_off = make_call_off()
    services.call_off_cancel(call_off=call_off, by=staff, reason="Fel datum")
    assert call_off.offers.get().state == OfferState.WITHDRAWN
    assert set(call_off.sessions.values_list("state", flat=True)) == {SessionState.RELEASED}


def test_reschedule_moves_sessions_and_raises_sequence(make_call_off, staff, pwc, week):
    call_off = make_call_off()
    services.offer_respond(offer=call_off.offers.get(), by=pwc.user, accept=True)
    later = [d + timedelta(days=7) for d in week]
    if not all(is_working_day(d) for d in later):
        later = [d + timedelta(days=14) for d in week]
    services.call_off_reschedule(
        call_off=call_off, by=staff, start_date=later[0], end_date=later[4], reason="Krock med val"
    )
    call_off.refresh_from_db()
    assert call_off.start_date == later[0]
    first = call_off.sessions.get(day_number=1)
    assert first.sequence == 3  # held (1), confirmed (2), moved (3)
    assert first.period.lower.astimezone(STOCKHOLM).date() == later[0]


def test_reschedule_after_cutoff_is_refused(make_call_off, staff, pwc, week):
    start = add_working_days(local_today(), 3)
    call_off = make_call_off(sprint_format=SprintFormat.ONE_DAY, start_date=start, end_date=start)
    services.offer_respond(offer=call_off.offers.get(), by=pwc.user, accept=True)
    with pytest.raises(ValidationError, match="cut-off"):
        services.call_off_reschedule(
            call_off=call_off, by=staff, start_date=week[0], end_date=week[0], reason="x"
        )
    call_off.refresh_from_db()
    assert call_off.start_date == start


def test_releasing_holds_in_bulk_forgets_the_cached_cards(
    make_call_off, pwc, django_capture_on_commit_callbacks
):
    """release_expired_holds is a QuerySet.update(), which sends no signal: it forgets
    the sessions' cached cards itself (core.cache.bulk_updated, sprints/caching.py)."""
    from core.cache import cached
    from sprints.dashboard import CARDS

    first = make_call_off()
    expire_offer(first.offers.get())
    calls = []

    def card():
        calls.append(1)
        return len(calls)

    assert cached(CARDS, ("test",), card) == 1
    assert cached(CARDS, ("test",), card) == 1  # cached
    with django_capture_on_commit_callbacks(execute=True):
        assert services.release_expired_holds() == 5
    assert cached(CARDS, ("test",), card) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert services.release_expired_holds() == 0  # nothing released: nothing forgotten
    assert cached(CARDS, ("test",), card) == 2
