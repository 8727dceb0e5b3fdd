"""Questions and answers on an RFI (services)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dialogue import selectors, services
from dialogue.models import (
    Clarification,
    Rfi,
)
from notifications.models import Notification

# --- Questions and answers ---


def test_clarification_published_to_all_invited_and_asker_anonymous(
    rfi,
    officer,
    supplier_user,
    other_supplier_user,
    third_supplier_user,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        asked = services.clarification_ask(
            rfi=rfi, user=supplier_user, question="Måste det vara app?"
        )
    assert Notification.objects.filter(
        recipient=rfi.created_by, event="dialogue.clarification_asked"
    ).exists()
    # Before the answer, the other supplier does not see the question at all.
    assert list(selectors.clarifications_for_user(other_supplier_user)) == []
    assert list(selectors.clarifications_for_user(supplier_user)) == [asked]
    with django_capture_on_commit_callbacks(execute=True):
        services.clarification_answer(clarification=asked, by=officer, answer="Nej, webb går bra.")
    published = Notification.objects.filter(event="dialogue.clarification_published")
    assert set(published.values_list("recipient", flat=True)) == {
        supplier_user.pk,
        other_supplier_user.pk,
    }
    assert not published.filter(recipient=third_supplier_user).exists()
    # The notice says nothing of who asked.
    for notice in published:
        assert supplier_user.organization.name not in notice.body + notice.title
    assert list(selectors.clarifications_for_user(other_supplier_user)) == [asked]


def test_clarification_after_deadline_refused(rfi, supplier_user):
    Rfi.objects.filter(pk=rfi.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    rfi.refresh_from_db()
    with pytest.raises(ValidationError):
        services.clarification_ask(rfi=rfi, user=supplier_user, question="Hinner jag?")
    assert not Clarification.objects.exists()


def test_clarification_answer_twice_refused(rfi, officer, supplier_user):
    asked = services.clarification_ask(rfi=rfi, user=supplier_user, question="?")
    services.clarification_answer(clarification=asked, by=officer, answer="Svar")
    with pytest.raises(ValidationError):
        services.clarification_answer(clarification=asked, by=officer, answer="Nytt svar")


def test_clarification_answer_refused_for_outsider(rfi, vaxjo_officer, supplier_user):
    asked = services.clarification_ask(rfi=rfi, user=supplier_user, question="?")
    with pytest.raises(PermissionDenied):
        services.clarification_answer(clarification=asked, by=vaxjo_officer, answer="Svar")
