"""RFIs: creation, publishing, reminders and the message log (services)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from dialogue import services
from dialogue.models import (
    Rfi,
    RfiInvitation,
    SupplierMessage,
)
from notifications.models import Notification
from organizations.models import Organization
from tests.dialogue.conftest import answers_for
from tests.dialogue.conftest import rfi_kwargs as _rfi_kwargs
from tests.factories.dialogue import SupplierProfileFactory
from tests.factories.organizations import SupplierFactory, UserFactory

# --- RFI creation and publishing ---


def test_rfi_create_deadline_in_past_is_refused(case, officer):
    with pytest.raises(ValidationError) as exc:
        services.rfi_create(
            created_by=officer,
            anchor=case,
            **_rfi_kwargs(deadline=timezone.now() - timedelta(minutes=1)),
        )
    assert "deadline" in exc.value.error_dict
    assert not Rfi.objects.exists()


@pytest.mark.parametrize("who", ["staff", "outsider", "vaxjo_officer", "supplier_user"])
def test_rfi_create_refused_for_those_not_running_the_case(case, who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.rfi_create(created_by=user, anchor=case, **_rfi_kwargs())
    assert not Rfi.objects.exists()


def test_rfi_create_on_challenge_by_network_officer(challenge, trelleborg):
    officer = UserFactory(organization=trelleborg, roles=["officer"])
    rfi = services.rfi_create(created_by=officer, anchor=challenge, **_rfi_kwargs())
    assert rfi.challenge == challenge
    assert rfi.case is None


def test_rfi_one_anchor_enforced_by_database(case, challenge, officer):
    with pytest.raises(IntegrityError), transaction.atomic():
        Rfi.objects.create(
            case=case,
            challenge=challenge,
            created_by=officer,
            **_rfi_kwargs(),
        )


def test_rfi_chosen_mode_needs_suppliers(case, officer):
    with pytest.raises(ValidationError) as exc:
        services.rfi_create(
            created_by=officer, anchor=case, **_rfi_kwargs(invitation_mode="chosen")
        )
    assert "chosen_suppliers" in exc.value.error_dict


def test_rfi_publish_invites_exactly_the_chosen_suppliers(
    draft_rfi,
    officer,
    supplier_user,
    other_supplier_user,
    third_supplier_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    colleague = UserFactory(organization=supplier_user.organization, roles=["supplier"])
    with django_capture_on_commit_callbacks(execute=True):
        services.rfi_publish(rfi=draft_rfi, by=officer)
    invited = set(RfiInvitation.objects.values_list("supplier_id", flat=True))
    assert invited == {supplier_user.organization_id, other_supplier_user.organization_id}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [supplier_user.email, colleague.email, other_supplier_user.email]
    )
    assert not Notification.objects.filter(recipient=third_supplier_user).exists()
    assert RfiInvitation.objects.filter(emailed_at__isnull=True).count() == 0
    # The invitation is logged once per supplier.
    assert SupplierMessage.objects.filter(direction="to_supplier").count() == 2
    # Running the task again sends nothing more.
    assert services.rfi_send_invitations(rfi_id=draft_rfi.pk) == 0


def test_rfi_publish_cpv_mode_matches_group_prefix(
    case, officer, django_capture_on_commit_callbacks
):
    it_supplier = SupplierFactory(name="IT AB")
    it_division = SupplierFactory(name="IT bred AB")
    furniture = SupplierFactory(name="Möbler AB")
    SupplierProfileFactory(organization=it_supplier, cpv_codes=["72212000-4"])
    SupplierProfileFactory(organization=it_division, cpv_codes=["72000000-5"])
    SupplierProfileFactory(organization=furniture, cpv_codes=["39130000-2"])
    rfi = services.rfi_create(
        created_by=officer,
        anchor=case,
        **_rfi_kwargs(invitation_mode="cpv", invited_cpv_codes=["72200000-7"]),
    )
    services.rfi_question_add(rfi=rfi, by=officer, text="Hur?")
    with django_capture_on_commit_callbacks(execute=True):
        services.rfi_publish(rfi=rfi, by=officer)
    assert set(rfi.invitations.values_list("supplier__name", flat=True)) == {
        "IT AB",
        "IT bred AB",
    }


def test_rfi_publish_open_mode_invites_every_supplier(
    case, officer, supplier_org, other_supplier, django_capture_on_commit_callbacks
):
    rfi = services.rfi_create(created_by=officer, anchor=case, **_rfi_kwargs())
    services.rfi_question_add(rfi=rfi, by=officer, text="Hur?")
    with django_capture_on_commit_callbacks(execute=True):
        services.rfi_publish(rfi=rfi, by=officer)
    assert rfi.invitations.count() == Organization.objects.filter(kind="supplier").count()


def test_rfi_publish_without_questions_is_refused(case, officer, supplier_org):
    rfi = services.rfi_create(created_by=officer, anchor=case, **_rfi_kwargs())
    with pytest.raises(ValidationError, match=r"fråga|question"):
        services.rfi_publish(rfi=rfi, by=officer)
    rfi.refresh_from_db()
    assert rfi.state == "draft"


def test_rfi_publish_twice_is_refused_and_questions_are_then_fixed(rfi, officer):
    with pytest.raises(ValidationError):
        services.rfi_publish(rfi=rfi, by=officer)
    with pytest.raises(PermissionDenied):
        services.rfi_question_add(rfi=rfi, by=officer, text="Sen fråga?")


def test_rfi_publish_after_deadline_passed_is_refused(draft_rfi, officer):
    Rfi.objects.filter(pk=draft_rfi.pk).update(deadline=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError):
        services.rfi_publish(rfi=draft_rfi, by=officer)


def test_question_choice_needs_two_options(draft_rfi, officer):
    with pytest.raises(ValidationError) as exc:
        services.rfi_question_add(rfi=draft_rfi, by=officer, text="?", kind="single", choices=["A"])
    assert "choices" in exc.value.error_dict


def test_rfi_cancel_notifies_invited(
    rfi, officer, supplier_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.rfi_cancel(rfi=rfi, by=officer, reason="Behovet försvann")
    assert Notification.objects.filter(
        recipient=supplier_user, event="dialogue.rfi_cancelled"
    ).exists()


# --- Reminders ---


def test_reminder_goes_once_to_suppliers_without_submitted_answer(
    rfi, supplier_user, other_supplier_user, django_capture_on_commit_callbacks
):
    services.rfi_response_save(rfi=rfi, user=supplier_user, answers=answers_for(rfi), submit=True)
    Rfi.objects.filter(pk=rfi.pk).update(deadline=timezone.now() + timedelta(hours=20))
    from dialogue.tasks import send_rfi_reminders

    with django_capture_on_commit_callbacks(execute=True):
        assert send_rfi_reminders() == 1
    reminded = Notification.objects.filter(event="dialogue.rfi_reminder")
    assert list(reminded.values_list("recipient", flat=True)) == [other_supplier_user.pk]
    with django_capture_on_commit_callbacks(execute=True):
        assert send_rfi_reminders() == 0
    assert reminded.count() == 1


def test_reminder_not_sent_when_deadline_far(rfi, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.rfi_send_reminders() == 0


# --- The message log ---


def test_message_log_is_append_only(rfi):
    message = SupplierMessage.objects.first()
    with pytest.raises(Exception, match=r"(?i)protect|cannot"), transaction.atomic():
        SupplierMessage.objects.filter(pk=message.pk).update(subject="ändrat")
    with pytest.raises(Exception, match=r"(?i)protect|cannot"), transaction.atomic():
        SupplierMessage.objects.filter(pk=message.pk).delete()
