"""Workshops: planning, inviting and reminding the network's participants."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from needs import services
from needs.models import (
    Workshop,
    WorkshopParticipant,
)

# --- Workshops --------------------------------------------------------------------------


def _workshop(coordinator, network, participants, **extra):
    start = timezone.now() + timedelta(days=7)
    fields = {
        "title": "Workshop 1",
        "starts_at": start,
        "ends_at": start + timedelta(hours=3),
        "place": "Ystads stadshus",
        **extra,
    }
    return services.workshop_create(
        by=coordinator, network=network, participants=participants, **fields
    )


def test_workshop_invites_participants_by_email_once(
    coordinator, network, staff, neighbour, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workshop = _workshop(coordinator, network, [staff, neighbour])
    assert sorted(m.to[0] for m in mailoutbox) == sorted([staff.email, neighbour.email])
    assert "Workshop 1" in mailoutbox[0].subject
    row = WorkshopParticipant.objects.get(workshop=workshop, user=staff)
    assert services.workshop_send_invitation(participant_id=row.pk) is False
    assert len(mailoutbox) == 2


def test_workshop_ending_before_start_is_refused(coordinator, network):
    with pytest.raises(ValidationError) as exc:
        _workshop(coordinator, network, [], ends_at=timezone.now())
    assert "ends_at" in exc.value.message_dict


def test_workshop_without_place_or_link_is_refused(coordinator, network):
    with pytest.raises(ValidationError) as exc:
        _workshop(coordinator, network, [], place="")
    assert "place" in exc.value.message_dict


def test_workshop_by_staff_is_refused(staff, network):
    with pytest.raises(PermissionDenied):
        _workshop(staff, network, [])


def test_reminder_sweep_reminds_once_within_a_day(
    coordinator, network, staff, mailoutbox, django_capture_on_commit_callbacks
):
    from needs.tasks import sweep_workshop_reminders

    with django_capture_on_commit_callbacks(execute=True):
        workshop = _workshop(coordinator, network, [staff])
    assert sweep_workshop_reminders() == 0  # a week away
    workshop.starts_at = timezone.now() + timedelta(hours=5)
    workshop.ends_at = workshop.starts_at + timedelta(hours=2)
    workshop.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_workshop_reminders() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_workshop_reminders() == 0
    assert all("Workshop 1" in m.subject for m in mailoutbox)
    assert len(mailoutbox) == 2


# --- Workshops and rounds ---------------------------------------------------------------


def test_workshop_create_view_invites(
    client, coordinator, network, neighbour, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    start = timezone.localtime() + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("needs:workshop-create"),
            {
                "network": network.pk,
                "title": "Workshop om golv",
                "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
                "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
                "place": "Stadshuset",
                "participants": [neighbour.pk],
            },
        )
    workshop = Workshop.objects.get()
    assert response.url == workshop.get_absolute_url()
    assert [m.to for m in mailoutbox] == [[neighbour.email]]


def test_workshop_of_other_network_is_404(client, coordinator, network, outsider):
    start = timezone.now() + timedelta(days=1)
    workshop = services.workshop_create(
        by=coordinator,
        network=network,
        title="W",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="Ystad",
    )
    client.force_login(outsider)
    assert client.get(workshop.get_absolute_url()).status_code == 404


def test_workshop_edit_raises_the_calendar_sequence(coordinator, network, staff):
    import vobject

    from needs.ics import workshop_ics

    workshop = _workshop(coordinator, network, [staff])
    first = vobject.readOne(workshop_ics(workshop).decode()).vevent
    services.workshop_update(
        workshop=workshop, by=coordinator, starts_at=workshop.starts_at + timedelta(hours=1)
    )
    workshop.refresh_from_db()
    moved = vobject.readOne(workshop_ics(workshop).decode()).vevent
    assert int(moved.sequence.value) == int(first.sequence.value) + 1
    assert moved.uid.value == first.uid.value
    assert coordinator.email in moved.organizer.value
    assert staff.email in {a.value.removeprefix("mailto:") for a in moved.attendee_list}
