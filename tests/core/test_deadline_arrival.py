"""Deadlines are judged by when a request arrived, not by when a lock was obtained.

Another connection holds the tender's (or the RFI's) row lock across the deadline, as a
large bid being stored once did. A bid or an RFI answer that arrived before the deadline
waits for the lock and is accepted with its arrival time; one that arrives after the
deadline is refused. Bids and RFI answers use the same rule (at or before the deadline).
"""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from core.arrival import arrived_in_time

pytestmark = pytest.mark.django_db(transaction=True)

HOLD = 1.5  # seconds the other connection holds the lock past the deadline


def _hold_lock(model, pk, until, locked: threading.Event):
    """In its own connection: lock the row and keep it until `until` (a monotonic time)."""
    try:
        with transaction.atomic():
            model.objects.select_for_update().get(pk=pk)
            locked.set()
            time.sleep(max(0.0, until - time.monotonic()))
    finally:
        connection.close()


def _with_row_locked(model, pk, until_deadline):
    """Lock the row in another connection until HOLD seconds after `until_deadline`."""
    seconds = (until_deadline - timezone.now()).total_seconds() + HOLD
    locked = threading.Event()
    thread = threading.Thread(
        target=_hold_lock, args=(model, pk, time.monotonic() + seconds, locked), daemon=True
    )
    thread.start()
    assert locked.wait(10)
    return thread


def test_same_rule_for_bids_and_rfi_answers():
    deadline = timezone.now()
    assert arrived_in_time(deadline, deadline)
    assert arrived_in_time(deadline - timedelta(microseconds=1), deadline)
    assert not arrived_in_time(deadline + timedelta(microseconds=1), deadline)
    assert not arrived_in_time(deadline, None)


def test_bid_arriving_while_the_tender_is_locked_is_judged_by_arrival(client):
    from procurements.models import Bid, Tender
    from tests.factories.organizations import MunicipalityFactory, UserFactory
    from tests.factories.procurements import make_case, pdf_file, publish, supplier_with_user

    ystad = MunicipalityFactory(name="Ystad", municipality_code="1286")
    officer = UserFactory(organization=ystad, roles=["officer"])
    tender = publish(make_case(officer), officer)
    _org, on_time = supplier_with_user("I tid AB")
    _late_org, late = supplier_with_user("Sen AB")
    deadline = timezone.now() + timedelta(seconds=3)
    Tender.objects.filter(pk=tender.pk).update(deadline=deadline)

    holder = _with_row_locked(Tender, tender.pk, deadline)
    client.force_login(on_time)
    sent = timezone.now()
    response = client.post(
        reverse("procurements:bid-submit", args=[tender.pk]),
        {"text": "Vår lösning", "price_sek": "125000", "files": [pdf_file("offert.pdf")]},
        follow=True,
    )
    answered = timezone.now()
    holder.join(10)
    assert answered > deadline  # the lock was held past the deadline
    bid = Bid.objects.get()
    assert sent <= bid.submitted_at <= deadline  # the arrival time is the receipt's time
    assert bid.files.count() == 1
    page = response.content.decode()
    assert timezone.localtime(bid.submitted_at).strftime("%Y-%m-%d %H:%M:%S") in page
    assert bid.receipt_code in page

    client.force_login(late)
    response = client.post(
        reverse("procurements:bid-submit", args=[tender.pk]),
        {"text": "För sent", "price_sek": "1", "files": [pdf_file("sen.pdf")]},
    )
    assert response.status_code in (200, 400)
    assert Bid.objects.count() == 1
    # The refused bid's encrypted file was removed again: only the accepted one is stored.
    from procurements.models import BidFile

    assert BidFile.objects.count() == 1


def test_rfi_answer_arriving_while_the_rfi_is_locked_is_judged_by_arrival(client):
    from dialogue import services
    from dialogue.models import Rfi, RfiResponse
    from tests.factories.dialogue import CaseFactory
    from tests.factories.organizations import MunicipalityFactory, SupplierFactory, UserFactory

    ystad = MunicipalityFactory(name="Ystad", municipality_code="1286")
    officer = UserFactory(organization=ystad, roles=["officer"])
    suppliers = [SupplierFactory(name="I tid AB"), SupplierFactory(name="Sen AB")]
    on_time = UserFactory(organization=suppliers[0], roles=["supplier"])
    late = UserFactory(organization=suppliers[1], roles=["supplier"])
    rfi = services.rfi_create(
        created_by=officer,
        anchor=CaseFactory(lead_organization=ystad),
        title="RFI",
        background="Bakgrund",
        need="Behov",
        deadline=timezone.now() + timedelta(days=3),
        invitation_mode="chosen",
        chosen_suppliers=suppliers,
    )
    question = services.rfi_question_add(rfi=rfi, by=officer, text="Hur?")
    services.rfi_publish(rfi=rfi, by=officer)
    deadline = timezone.now() + timedelta(seconds=3)
    Rfi.objects.filter(pk=rfi.pk).update(deadline=deadline)

    holder = _with_row_locked(Rfi, rfi.pk, deadline)
    client.force_login(on_time)
    sent = timezone.now()
    response = client.post(
        reverse("dialogue:response-edit", args=[rfi.pk]),
        {f"q_{question.pk}": "Med en app.", "submit": "1"},
    )
    answered = timezone.now()
    holder.join(10)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert answered > deadline
    answer = RfiResponse.objects.get()
    assert answer.state == "submitted"
    assert sent <= answer.submitted_at <= deadline
    receipt = client.get(response.url).content.decode()
    assert timezone.localtime(answer.submitted_at).strftime("%Y-%m-%d %H:%M:%S") in receipt

    client.force_login(late)
    response = client.post(
        reverse("dialogue:response-edit", args=[rfi.pk]),
        {f"q_{question.pk}": "För sent.", "submit": "1"},
    )
    assert response.status_code == 302
    assert RfiResponse.objects.count() == 1
