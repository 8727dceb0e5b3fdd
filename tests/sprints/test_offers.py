"""The ranking cascade: offers answered, declined, passed on; holds and overlaps."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from notifications.models import Notification
from sprints import services
from sprints.enums import (
    CallOffState,
    DeclineReason,
    OfferState,
    SessionState,
)
from sprints.models import CallOff, Session
from tests.sprints.helpers import expire_offer


def test_decline_passes_on_to_next_supplier_and_tells_everyone(
    make_call_off, staff, pwc, hiq, django_capture_on_commit_callbacks
):
    call_off = make_call_off()
    offer = call_off.offers.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_respond(
            offer=offer,
            by=pwc.user,
            accept=False,
            decline_reason=DeclineReason.CONFLICT_OF_INTEREST,
            note="Vi äger ett bolag i frågan",
        )
    offer.refresh_from_db()
    assert (offer.state, offer.decline_reason, offer.answered_by) == (
        OfferState.DECLINED,
        DeclineReason.CONFLICT_OF_INTEREST,
        pwc.user,
    )
    assert offer.answered_at is not None
    nxt = call_off.offers.get(state=OfferState.PENDING)
    assert (nxt.supplier, nxt.rank, nxt.price_sek) == (hiq.org, 2, Decimal("237500.00"))
    assert set(call_off.sessions.values_list("team", flat=True)) == {hiq.team.pk}
    assert Notification.objects.filter(recipient=staff, event="sprints.passed_on").exists()
    assert Notification.objects.filter(recipient=hiq.user, event="sprints.offer").exists()


def test_decline_without_acceptable_reason_is_refused(make_call_off, pwc):
    offer = make_call_off().offers.get()
    with pytest.raises(ValidationError) as exc:
        services.offer_respond(offer=offer, by=pwc.user, accept=False, decline_reason="too_busy")
    assert "decline_reason" in exc.value.message_dict
    offer.refresh_from_db()
    assert offer.state == OfferState.PENDING


def test_silence_past_deadline_passes_on_in_sweep(make_call_off, pwc, hiq):
    call_off = make_call_off()
    first = call_off.offers.get()
    expire_offer(first)
    assert services.offers_sweep() == 1
    first.refresh_from_db()
    assert first.state == OfferState.EXPIRED
    assert first.passed_over_reason == "No answer in time"
    assert call_off.offers.get(state=OfferState.PENDING).supplier == hiq.org
    assert Notification.objects.filter(recipient=pwc.user, event="sprints.offer_expired").exists()
    # Running it again changes nothing.
    assert services.offers_sweep() == 0
    assert call_off.offers.count() == 2


def test_sweep_task_runs_through_celery(make_call_off, hiq):
    from sprints.tasks import sweep_offers

    call_off = make_call_off()
    expire_offer(call_off.offers.get())
    sweep_offers.delay()
    assert call_off.offers.get(state=OfferState.PENDING).supplier == hiq.org


def test_all_decline_ends_with_no_supplier(
    make_call_off, staff, pwc, hiq, aventyret, django_capture_on_commit_callbacks
):
    call_off = make_call_off()
    for ranked in (pwc, hiq):
        with django_capture_on_commit_callbacks(execute=True):
            services.offer_respond(
                offer=call_off.offers.get(state=OfferState.PENDING),
                by=ranked.user,
                accept=False,
                decline_reason=DeclineReason.NO_CAPACITY,
            )
    expire_offer(call_off.offers.get(state=OfferState.PENDING))
    services.offers_sweep()
    call_off.refresh_from_db()
    assert call_off.state == CallOffState.NO_SUPPLIER
    assert "Every supplier" in call_off.closed_message
    assert call_off.value_sek == 0
    assert list(call_off.offers.values_list("state", flat=True)) == [
        "declined",
        "declined",
        "expired",
    ]
    assert set(call_off.sessions.values_list("state", flat=True)) == {SessionState.RELEASED}
    assert Notification.objects.filter(recipient=staff, event="sprints.no_supplier").exists()


def test_answer_after_deadline_is_refused_and_changes_nothing(make_call_off, pwc):
    offer = make_call_off().offers.get()
    expire_offer(offer)
    with pytest.raises(ValidationError, match="deadline for answering passed"):
        services.offer_respond(offer=offer, by=pwc.user, accept=True)
    offer.refresh_from_db()
    assert offer.state == OfferState.PENDING and offer.answered_at is None


def test_other_supplier_cannot_answer(make_call_off, hiq):
    offer = make_call_off().offers.get()
    with pytest.raises(PermissionDenied):
        services.offer_respond(offer=offer, by=hiq.user, accept=True)


def test_accept_books_team_and_room(make_call_off, staff, pwc, room):
    call_off = make_call_off()
    services.offer_respond(offer=call_off.offers.get(), by=pwc.user, accept=True)
    call_off.refresh_from_db()
    assert (call_off.state, call_off.supplier, call_off.team) == (
        CallOffState.BOOKED,
        pwc.org,
        pwc.team,
    )
    assert call_off.value_sek == call_off.price_sek == Decimal("250000")
    assert {
        (s.state, s.team_id, s.room_id, s.hold_expires_at) for s in call_off.sessions.all()
    } == {(SessionState.CONFIRMED, pwc.team.pk, room.pk, None)}
    assert Notification.objects.filter(recipient=staff, event="sprints.booked").exists()


def test_answering_twice_is_refused(make_call_off, pwc):
    offer = make_call_off().offers.get()
    services.offer_respond(offer=offer, by=pwc.user, accept=True)
    with pytest.raises(ValidationError, match="no longer open"):
        services.offer_respond(offer=offer, by=pwc.user, accept=False, decline_reason="no_capacity")


# --- booking and the exclusion constraint --------------------------------------------------


def test_busy_team_is_not_held_and_the_next_free_team_is(make_call_off, pwc, week, room):
    from tests.factories.sprints import FacilitatorTeamFactory

    second = FacilitatorTeamFactory(supplier=pwc.org, name="PwC team B")
    first = make_call_off()
    services.offer_respond(offer=first.offers.get(), by=pwc.user, accept=True)
    other = make_call_off(title="Bygglov", room=None)
    assert set(other.sessions.values_list("team", flat=True)) == {second.pk}


def test_same_room_same_time_is_refused(make_call_off):
    make_call_off()
    with pytest.raises(ValidationError) as exc:
        make_call_off(title="Krock")
    assert "already booked" in exc.value.message_dict["room"][0]
    assert CallOff.objects.count() == 1


def test_expired_holds_are_released_first(make_call_off, pwc):
    first = make_call_off()
    expire_offer(first.offers.get())
    second = make_call_off(title="Efter hållningen")  # same room, same days
    assert second.sessions.filter(state=SessionState.HELD).count() == 5
    assert set(first.sessions.values_list("state", flat=True)) == {SessionState.RELEASED}


def test_database_refuses_overlap_for_same_team(make_call_off, pwc):
    from django.db import IntegrityError, transaction

    call_off = make_call_off()
    session = call_off.sessions.first()
    other = make_call_off(title="Annan", room=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(call_off=other).update(team=pwc.team, state="confirmed")
    # A released row does not count.
    Session.objects.filter(pk=session.pk).update(state="released", hold_expires_at=None)
    Session.objects.filter(call_off=other, day_number=1).update(team=pwc.team, state="confirmed")
