"""No usable one-time link stays in a stored mail once it is sent (issue #19, finding 9)."""

import re

from django.urls import reverse

from notifications.enums import OutboxState
from notifications.models import OutboxEmail
from organizations import services
from tests.factories.organizations import UserFactory


def test_invitation_link_is_scrubbed_once_sent(
    org_admin, ystad, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, token = services.invitation_create(
            invited_by=org_admin, email="ny@ystad.test", organization=ystad, roles=["staff"]
        )
    assert token in mailoutbox[0].body  # the person got the link
    row = OutboxEmail.objects.get(to="ny@ystad.test")
    assert row.state == OutboxState.SENT
    assert token not in row.body_text + row.body_html
    assert "/invite/" not in row.body_text + row.body_html


def test_password_reset_link_is_scrubbed_once_sent(
    client, ystad, django_capture_on_commit_callbacks, mailoutbox
):
    UserFactory(organization=ystad, email="glomsk@ystad.test")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "glomsk@ystad.test"})
    link = re.search(r"https?://\S+/reset/\S+", mailoutbox[0].body).group(0)
    row = OutboxEmail.objects.get(to="glomsk@ystad.test")
    assert row.state == OutboxState.SENT
    assert link not in row.body_text + row.body_html
    assert "/reset/" not in row.body_text + row.body_html


def test_ordinary_mail_keeps_its_body(db, django_capture_on_commit_callbacks):
    from notifications.services import email_store

    with django_capture_on_commit_callbacks(execute=True):
        email_store(to="a@b.test", subject="Hej", text="Vanlig text")
    assert OutboxEmail.objects.get(to="a@b.test").body_text == "Vanlig text"
