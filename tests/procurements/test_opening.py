"""The two-person opening: one official starts, a second confirms in their own session."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from procurements import services
from procurements.enums import OpeningKind, OpeningStatus
from procurements.models import BidOpening, CaseEvent, OpeningSession
from procurements.selectors import bids_for_case
from tests.factories.procurements import pass_deadline, publish, supplier_with_user


@pytest.fixture
def tender(case, officer):
    return publish(case, officer)


@pytest.fixture
def bid(tender):
    org, user = supplier_with_user("Myloc AB")
    return services.bid_submit(tender=tender, by=user, text="Anbud", price_sek=100), org


def start(tender, by):
    return services.opening_start(kind=OpeningKind.BIDS, target=tender, by=by)


def test_start_before_deadline_is_refused(tender, officer):
    with pytest.raises(ValidationError):
        start(tender, officer)
    assert not OpeningSession.objects.exists()


def test_start_by_someone_not_running_the_case_is_refused(
    tender, evaluator, neighbour, outsider, supplier_user
):
    pass_deadline(tender)
    for user in (evaluator, neighbour, outsider, supplier_user):
        with pytest.raises(ValidationError):
            start(tender, user)
    assert not OpeningSession.objects.exists()


def test_start_unseals_nothing_and_asks_the_others(
    tender, bid, case, officer, witness, django_capture_on_commit_callbacks
):
    pass_deadline(tender)
    with django_capture_on_commit_callbacks(execute=True):
        session = start(tender, officer)
    assert session.status == OpeningStatus.PENDING
    assert session.opened_count is None
    assert not BidOpening.objects.exists()
    assert list(bids_for_case(officer, case)) == []
    assert type(bid[0]).objects.get(pk=bid[0].pk).supplier_id is None
    assert list(Notification.objects.values_list("recipient", flat=True)) == [witness.pk]
    event = CaseEvent.objects.get(case=case, kind="opening")
    assert str(officer) in event.text and "1" not in event.data.get("count", "")


def test_starter_alone_cannot_open(tender, bid, officer):
    pass_deadline(tender)
    session = start(tender, officer)
    with pytest.raises(ValidationError):
        services.opening_confirm(session=session, by=officer)
    session.refresh_from_db()
    assert session.status == OpeningStatus.PENDING
    assert not BidOpening.objects.exists()


def test_confirm_by_someone_outside_the_case_is_refused(
    tender, bid, officer, neighbour, outsider, supplier_user, platform_admin
):
    pass_deadline(tender)
    session = start(tender, officer)
    for user in (neighbour, outsider, supplier_user, platform_admin):
        with pytest.raises(ValidationError):
            services.opening_confirm(session=session, by=user)
    assert not BidOpening.objects.exists()


def test_second_official_confirms_and_both_are_in_the_protocol(
    tender, bid, case, officer, evaluator
):
    org = bid[1]
    pass_deadline(tender)
    session = start(tender, officer)
    session = services.opening_confirm(session=session, by=evaluator)
    assert (session.status, session.started_by, session.confirmed_by, session.opened_count) == (
        OpeningStatus.CONFIRMED,
        officer,
        evaluator,
        1,
    )
    opening = BidOpening.objects.get(tender=tender)
    assert (opening.opened_by, opening.witness, opening.bid_count, opening.session) == (
        officer,
        evaluator,
        1,
        session,
    )
    case.refresh_from_db()
    assert list(bids_for_case(officer, case)) == []  # not before the declaration (#19)
    services.evaluator_declare(case=case, user=officer)
    case.refresh_from_db()
    assert [b.supplier for b in bids_for_case(officer, case)] == [org]
    texts = [e.text for e in CaseEvent.objects.filter(case=case, kind="opening")]
    assert any(str(officer) in t and str(evaluator) in t for t in texts)


def test_confirm_after_the_time_limit_is_refused_and_lapses(tender, bid, officer, witness):
    pass_deadline(tender)
    session = start(tender, officer)
    OpeningSession.objects.filter(pk=session.pk).update(
        started_at=timezone.now() - timedelta(hours=2),
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    session.refresh_from_db()
    with pytest.raises(ValidationError):
        services.opening_confirm(session=session, by=witness)
    session.refresh_from_db()
    assert session.status == OpeningStatus.EXPIRED
    assert not BidOpening.objects.exists()
    # it may be started again, and then confirmed in time
    again = start(tender, officer)
    assert services.opening_confirm(session=again, by=witness).is_confirmed


def test_second_start_while_one_waits_is_refused(tender, officer, witness):
    pass_deadline(tender)
    start(tender, officer)
    with pytest.raises(ValidationError):
        start(tender, witness)


def test_cancelled_opening_cannot_be_confirmed(tender, officer, witness):
    pass_deadline(tender)
    session = start(tender, officer)
    services.opening_cancel(session=session, by=officer)
    with pytest.raises(ValidationError):
        services.opening_confirm(session=session, by=witness)
    assert not BidOpening.objects.exists()


def test_cancel_refused_for_an_outsider_and_after_confirmation(tender, officer, witness, outsider):
    pass_deadline(tender)
    session = start(tender, officer)
    with pytest.raises(ValidationError):
        services.opening_cancel(session=session, by=outsider)
    services.opening_confirm(session=session, by=witness)
    with pytest.raises(ValidationError):
        services.opening_cancel(session=session, by=officer)


def test_opened_set_cannot_be_opened_again(tender, officer, witness):
    pass_deadline(tender)
    services.opening_confirm(session=start(tender, officer), by=witness)
    with pytest.raises(ValidationError):
        start(tender, witness)


def test_database_refuses_confirmation_by_the_starter(tender, case, officer):
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        OpeningSession.objects.create(
            case=case,
            kind=OpeningKind.BIDS,
            target_key=f"bids:{tender.pk}",
            started_by=officer,
            started_at=now,
            expires_at=now + timedelta(minutes=5),
            confirmed_by=officer,
            confirmed_at=now,
            opened_count=0,
            status=OpeningStatus.CONFIRMED,
        )


def test_database_refuses_a_late_confirmation(tender, case, officer, witness):
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        OpeningSession.objects.create(
            case=case,
            kind=OpeningKind.BIDS,
            target_key=f"bids:{tender.pk}",
            started_by=officer,
            started_at=now - timedelta(hours=1),
            expires_at=now - timedelta(minutes=30),
            confirmed_by=witness,
            confirmed_at=now,
            opened_count=0,
            status=OpeningStatus.CONFIRMED,
        )


# --- The page: two people, two sessions ---------------------------------------------


def page(case):
    return reverse("procurements:bids-open", args=[case.pk])


def test_opening_page_two_sessions(tender, bid, case, officer, witness):
    pass_deadline(tender)
    first, second = Client(), Client()
    first.force_login(officer)
    second.force_login(witness)
    response = first.post(page(case), {"action": "start"})
    assert response.status_code == 302
    session = OpeningSession.objects.get()
    # the starter's own confirmation is refused, nothing is opened
    first.post(page(case), {"action": "confirm", "session": session.pk})
    assert not BidOpening.objects.exists()
    response = first.get(page(case))
    assert b'value="confirm"' not in response.content
    # the second official sees the waiting opening and confirms it
    response = second.get(page(case))
    assert b'value="confirm"' in response.content
    second.post(page(case), {"action": "confirm", "session": session.pk})
    opening = BidOpening.objects.get()
    assert (opening.opened_by, opening.witness) == (officer, witness)
    response = second.get(page(case))
    assert str(witness).encode() in response.content


def test_opening_page_refused_for_others(client, tender, case, officer, neighbour, outsider):
    pass_deadline(tender)
    client.force_login(neighbour)
    assert client.get(page(case)).status_code == 403
    assert client.post(page(case), {"action": "start"}).status_code == 403
    client.force_login(outsider)
    assert client.get(page(case)).status_code == 404
    assert not OpeningSession.objects.exists()


def test_opening_page_confirm_of_a_foreign_session_is_404(
    client, tender, case, officer, witness, ystad
):
    from tests.factories.procurements import make_case

    pass_deadline(tender)
    other_case = make_case(officer)
    other_tender = publish(other_case, officer)
    pass_deadline(other_tender)
    foreign = start(other_tender, officer)
    client.force_login(witness)
    response = client.post(page(case), {"action": "confirm", "session": foreign.pk})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == OpeningStatus.PENDING


def test_opening_page_get_changes_nothing(client, tender, case, officer):
    pass_deadline(tender)
    client.force_login(officer)
    client.get(page(case))
    assert not OpeningSession.objects.exists()
