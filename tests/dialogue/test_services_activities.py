"""Dialogue activities and consultation rounds (services)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dialogue import selectors, services
from dialogue.models import (
    SupplierMessage,
)
from notifications.models import Notification

# --- Activities and consultation rounds ---


def test_activity_create_invites_supplier_people(
    case, officer, staff, supplier_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        activity = services.activity_create(
            created_by=officer,
            anchor=case,
            kind="supplier_meeting",
            title="Möte med Myloc",
            starts_at=timezone.now() + timedelta(days=2),
            internal_participants=[staff],
            supplier_organizations=[supplier_user.organization],
            supplier_participants=[supplier_user],
        )
    assert list(activity.internal_participants.all()) == [staff]
    assert Notification.objects.filter(
        recipient=supplier_user, event="dialogue.activity_invitation"
    ).exists()
    assert SupplierMessage.objects.filter(activity=activity, supplier=supplier_user.organization)


def test_activity_supplier_person_must_belong_to_named_company(
    case, officer, supplier_user, other_supplier
):
    with pytest.raises(ValidationError) as exc:
        services.activity_create(
            created_by=officer,
            anchor=case,
            kind="workshop",
            title="Workshop",
            starts_at=timezone.now(),
            supplier_organizations=[other_supplier],
            supplier_participants=[supplier_user],
        )
    assert "supplier_participants" in exc.value.error_dict


def test_activity_ending_before_start_refused(case, officer):
    now = timezone.now()
    with pytest.raises(ValidationError) as exc:
        services.activity_create(
            created_by=officer,
            anchor=case,
            kind="visit",
            title="Besök",
            starts_at=now,
            ends_at=now - timedelta(hours=1),
        )
    assert "ends_at" in exc.value.error_dict


@pytest.fixture
def consultation(case, officer, staff, supplier_user, other_supplier_user):
    activity = services.activity_create(
        created_by=officer,
        anchor=case,
        kind="consultation",
        title="Remiss förfrågningsunderlag",
        starts_at=timezone.now(),
        comments_until=timezone.now() + timedelta(days=7),
        internal_participants=[staff],
        supplier_organizations=[supplier_user.organization, other_supplier_user.organization],
    )
    services.consultation_section_add(activity=activity, by=officer, heading="1. Krav")
    return activity


def test_consultation_needs_last_day(case, officer):
    with pytest.raises(ValidationError) as exc:
        services.activity_create(
            created_by=officer,
            anchor=case,
            kind="consultation",
            title="R",
            starts_at=timezone.now(),
        )
    assert "comments_until" in exc.value.error_dict


def test_consultation_comments_per_section_and_isolated(
    consultation, staff, supplier_user, other_supplier_user, officer
):
    section = consultation.sections.get()
    mine = services.consultation_comment_add(section=section, author=supplier_user, text="Bra")
    theirs = services.consultation_comment_add(
        section=section, author=other_supplier_user, text="Otydligt"
    )
    internal = services.consultation_comment_add(section=section, author=staff, text="Ok")
    assert list(selectors.comments_for_user(supplier_user)) == [mine]
    assert set(selectors.comments_for_user(officer)) == {mine, theirs, internal}
    assert (
        SupplierMessage.objects.filter(direction="from_supplier", activity=consultation).count()
        == 2
    )


def test_consultation_comment_after_last_day_refused(consultation, supplier_user):
    type(consultation).objects.filter(pk=consultation.pk).update(
        comments_until=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(ValidationError):
        services.consultation_comment_add(
            section=consultation.sections.get(), author=supplier_user, text="Sent"
        )


def test_consultation_comment_by_non_participant_refused(
    consultation, third_supplier_user, neighbour
):
    section = consultation.sections.get()
    with pytest.raises(PermissionDenied):
        services.consultation_comment_add(section=section, author=third_supplier_user, text="Hej")
    with pytest.raises(PermissionDenied):
        services.consultation_comment_add(section=section, author=neighbour, text="Hej")


def test_activity_file_refused_type(consultation, officer):
    upload = SimpleUploadedFile("a.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(ValidationError) as exc:
        services.activity_file_add(activity=consultation, by=officer, upload=upload)
    assert "file" in exc.value.error_dict
    assert not consultation.files.exists()


def test_activity_edit_raises_the_calendar_sequence(case, officer, staff, client):
    import vobject

    activity = services.activity_create(
        created_by=officer,
        anchor=case,
        kind="supplier_meeting",
        title="Möte",
        starts_at=timezone.now() + timedelta(days=2),
        internal_participants=[staff],
    )
    client.force_login(officer)
    url = f"/dialogue/activities/{activity.pk}/ics/"
    first = vobject.readOne(client.get(url).content.decode()).vevent
    services.activity_update(activity=activity, by=officer, location="Stadshuset")
    moved = vobject.readOne(client.get(url).content.decode()).vevent
    assert int(moved.sequence.value) == int(first.sequence.value) + 1
    assert officer.email in moved.organizer.value
    assert staff.email in {a.value.removeprefix("mailto:") for a in moved.attendee_list}
