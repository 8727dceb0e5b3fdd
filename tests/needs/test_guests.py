"""Workshop guests from outside the network (secret link, RSVP, withdrawal) and the
attendance the organiser records afterwards."""

from datetime import timedelta

import icalendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from needs import services
from needs.models import Workshop, WorkshopGuest
from notifications.models import OutboxEmail


@pytest.fixture
def workshop(coordinator, network, staff, neighbour):
    start = timezone.now() + timedelta(days=10)
    return services.workshop_create(
        by=coordinator,
        network=network,
        participants=[staff, neighbour],
        title="Workshop om golv",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        place="Stadshuset",
        agenda="Kaffe och golv",
    )


def _invite(workshop, by, **extra):
    fields = {"name": "Karin Lund", "email": "karin@vinnova.test", "organization_name": "Vinnova"}
    return services.guest_invite(workshop=workshop, by=by, **{**fields, **extra})


def _past(workshop):
    Workshop.objects.filter(pk=workshop.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    workshop.refresh_from_db()
    return workshop


def _labels(client, workshop):
    url = reverse("core:history", kwargs={"label": "needs.workshop", "pk": workshop.pk})
    return [e["label"] for e in client.get(url).context["events"]]


def test_invite_stores_only_the_hash_and_scrubs_the_mail(
    coordinator, workshop, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        guest, token = _invite(workshop, coordinator)
    assert token in mailoutbox[0].body
    assert guest.token_hash != token and token not in guest.token_hash
    row = OutboxEmail.objects.get(to="karin@vinnova.test")
    assert token not in row.body_text + row.body_html
    assert "/guest/" not in row.body_text + row.body_html


def test_invite_validates(coordinator, workshop):
    with pytest.raises(ValidationError) as exc:
        _invite(workshop, coordinator, name=" ", email="inte-en-adress")
    assert set(exc.value.message_dict) == {"name", "email"}
    _invite(workshop, coordinator)
    with pytest.raises(ValidationError):
        _invite(workshop, coordinator, email="KARIN@vinnova.test")


@pytest.mark.parametrize("who", ["staff", "neighbour", "outsider", "supplier_user"])
def test_only_the_organisers_invite(request, workshop, who):
    with pytest.raises(PermissionDenied):
        _invite(workshop, request.getfixturevalue(who))


def test_no_guests_for_a_cancelled_or_past_workshop(coordinator, workshop):
    _past(workshop)
    with pytest.raises(PermissionDenied):
        _invite(workshop, coordinator)
    Workshop.objects.filter(pk=workshop.pk).update(ends_at=timezone.now() + timedelta(days=1))
    services.workshop_cancel(workshop=workshop, by=coordinator, reason="Sjukdom")
    with pytest.raises(PermissionDenied):
        _invite(workshop, coordinator)


def test_guest_page_shows_the_workshop_only(client, coordinator, workshop, staff):
    _guest, token = _invite(workshop, coordinator)
    response = client.get(reverse("needs:guest-page", args=[token]))
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "same-origin"
    page = response.content.decode()
    assert "Workshop om golv" in page and "Kaffe och golv" in page
    assert staff.full_name not in page  # the network's participants are not shown
    assert f'href="{reverse("needs:workshop-list")}"' not in page
    assert f'href="{workshop.get_absolute_url()}"' not in page
    ics = icalendar.Calendar.from_ical(client.get(reverse("needs:guest-ics", args=[token])).content)
    attendees = [str(a) for a in ics.walk("VEVENT")[0].get("attendee", [])]
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert not any(staff.email in a for a in attendees)


def test_unknown_token_is_404(client, db):
    assert client.get(reverse("needs:guest-page", args=["nope"])).status_code == 404
    assert client.get(reverse("needs:guest-ics", args=["nope"])).status_code == 404


def test_guest_replies_and_the_organiser_is_told(client, coordinator, workshop):
    guest, token = _invite(workshop, coordinator)
    url = reverse("needs:guest-page", args=[token])
    assert client.post(url, {"reply": "maybe"}).status_code == 200  # not a choice
    assert client.post(url, {"reply": "yes"}).status_code == 302
    guest.refresh_from_db()
    assert guest.reply == "yes" and guest.replied_at
    assert coordinator.notifications.filter(event="needs.workshop_guest_replied").exists()


def test_withdrawn_link_stops_working_and_guest_is_mailed(
    client, coordinator, workshop, django_capture_on_commit_callbacks, mailoutbox
):
    guest, token = _invite(workshop, coordinator)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("needs:guest-withdraw", args=[guest.pk]))
    assert response.status_code == 302
    assert any("karin@vinnova.test" in m.to for m in mailoutbox)
    client.logout()
    assert client.get(reverse("needs:guest-page", args=[token])).status_code == 404
    with pytest.raises(ValidationError):
        services.guest_withdraw(guest=guest, by=coordinator)
    # invited again after a withdrawal: a new link
    _invite(workshop, coordinator)
    client.force_login(coordinator)
    assert _labels(client, workshop)[:3] == [
        "guest invited",
        "guest invitation withdrawn",
        "guest invited",
    ]


@pytest.mark.parametrize(("who", "status"), [("staff", 403), ("outsider", 404)])
def test_withdraw_refused(client, request, coordinator, workshop, who, status):
    guest, _token = _invite(workshop, coordinator)
    client.force_login(request.getfixturevalue(who))
    assert client.post(reverse("needs:guest-withdraw", args=[guest.pk])).status_code == status
    guest.refresh_from_db()
    assert guest.withdrawn_at is None


def test_invite_page(client, coordinator, workshop, django_assert_max_num_queries):
    client.force_login(coordinator)
    url = reverse("needs:guest-invite", args=[workshop.pk])
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    response = client.post(url, {"name": "", "email": "x", "language": "sv"})
    assert response.status_code == 200 and not WorkshopGuest.objects.exists()
    response = client.post(
        url, {"name": "Karin Lund", "email": "karin@vinnova.test", "language": "en"}
    )
    assert response.status_code == 302
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "Karin Lund" in page


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff", 403), ("neighbour", 403), ("outsider", 404), ("supplier_user", 404)],
)
def test_invite_page_refused(client, request, workshop, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("needs:guest-invite", args=[workshop.pk])).status_code == status


def test_attendance_after_the_workshop(client, coordinator, workshop, staff, neighbour):
    guest, _token = _invite(workshop, coordinator)
    client.force_login(coordinator)
    url = reverse("needs:workshop-attendance", args=[workshop.pk])
    assert client.get(url).status_code == 403  # not begun yet
    _past(workshop)
    assert client.get(url).status_code == 200
    response = client.post(url, {"participants": [staff.pk], "guests": [guest.pk]})
    assert response.status_code == 302
    rows = dict(workshop.participations.values_list("user_id", "attended"))
    assert rows == {staff.pk: True, neighbour.pk: False}
    guest.refresh_from_db()
    assert guest.attended is True
    workshop.refresh_from_db()
    assert workshop.attendance_recorded_at
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "did not attend" in page or "deltog inte" in page
    assert "update" in _labels(client, workshop)


def test_attendance_refuses_strangers(coordinator, workshop, outsider):
    _past(workshop)
    with pytest.raises(ValidationError):
        services.attendance_record(
            workshop=workshop, by=coordinator, participant_ids=[outsider.pk], guest_ids=[]
        )
    with pytest.raises(PermissionDenied):
        services.attendance_record(workshop=workshop, by=outsider, participant_ids=[], guest_ids=[])


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff", 403), ("neighbour", 403), ("outsider", 404), ("supplier_user", 404)],
)
def test_attendance_page_refused(client, request, workshop, who, status):
    _past(workshop)
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("needs:workshop-attendance", args=[workshop.pk]))
    assert response.status_code == status


def test_platform_operator_may_invite_and_record(client, platform_admin, workshop):
    client.force_login(platform_admin)
    assert client.get(reverse("needs:guest-invite", args=[workshop.pk])).status_code == 200
    _past(workshop)
    assert client.get(reverse("needs:workshop-attendance", args=[workshop.pk])).status_code == 200


def test_pages_keep_a_fixed_number_of_queries(
    client, coordinator, workshop, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counts():
        client.force_login(coordinator)
        with CaptureQueriesContext(connection) as detail:
            client.get(workshop.get_absolute_url())
        client.logout()
        with CaptureQueriesContext(connection) as guest_page:
            client.get(reverse("needs:guest-page", args=[token]))
        return len(detail), len(guest_page)

    _guest, token = _invite(workshop, coordinator)
    counts()  # warm the caches (the user's networks)
    before = counts()
    for i in range(4):
        _invite(workshop, coordinator, name=f"Gäst {i}", email=f"g{i}@example.test")
    assert counts() == before
    _past(workshop)
    client.force_login(coordinator)
    url = reverse("needs:workshop-attendance", args=[workshop.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(3):
        WorkshopGuest.objects.create(
            workshop=workshop, name=f"Sen {i}", email=f"s{i}@example.test",
            token_hash=f"{i:064d}", invited_by=coordinator,
        )  # fmt: skip
    with django_assert_num_queries(len(few)):
        client.get(url)


def test_after_the_workshop_the_guest_page_asks_nothing(client, coordinator, workshop):
    guest, token = _invite(workshop, coordinator)
    _past(workshop)
    url = reverse("needs:guest-page", args=[token])
    assert 'name="reply"' not in client.get(url).content.decode()
    client.post(url, {"reply": "yes"})
    guest.refresh_from_db()
    assert guest.reply == "pending"


def test_cancelling_tells_the_guests(
    coordinator, workshop, django_capture_on_commit_callbacks, mailoutbox
):
    _invite(workshop, coordinator)
    withdrawn, _t = _invite(workshop, coordinator, name="Ola", email="ola@example.test")
    services.guest_withdraw(guest=withdrawn, by=coordinator)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.workshop_cancel(workshop=workshop, by=coordinator, reason="Sjukdom")
    to_guests = [m for m in mailoutbox if "karin@vinnova.test" in m.to]
    assert len(to_guests) == 1 and "Sjukdom" in to_guests[0].body
    assert not [m for m in mailoutbox if "ola@example.test" in m.to]
