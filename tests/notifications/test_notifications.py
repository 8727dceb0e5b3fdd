from django.urls import reverse

from notifications.models import Notification
from notifications.services import notify


def test_notify_creates_notice_and_email_in_recipient_language(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    from django.utils.translation import gettext_lazy as _

    staff.language = "en"
    staff.save()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(
            recipient=staff, event="test", title=_("Your profile"), url="/profile/"
        )
    assert notification.title == "Your profile"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Samverka: Your profile"
    assert mailoutbox[0].alternatives[0][1] == "text/html"
    assert "/profile/" in mailoutbox[0].body


def test_notify_dedupe_key_notifies_once(staff):
    assert notify(recipient=staff, event="e", title="A", dedupe_key="x", email=False)
    assert notify(recipient=staff, event="e", title="A", dedupe_key="x", email=False) is None
    assert Notification.objects.count() == 1


def test_notification_list_marks_read_and_nav_count(client, staff, neighbour):
    notify(recipient=staff, event="e", title="Första", email=False)
    notify(recipient=neighbour, event="e", title="Annans", email=False)
    client.force_login(staff)
    dashboard = client.get(reverse("core:dashboard")).content.decode()
    assert '<span class="badge text-bg-warning">1<span class="visually-hidden"> olästa' in dashboard
    response = client.get(reverse("notifications:list"))
    assert [n.title for n in response.context["page_obj"]] == ["Första"]
    assert Notification.objects.get(title="Första").read_at is not None
    assert Notification.objects.get(title="Annans").read_at is None


def test_notification_list_query_count_is_fixed(client, staff, django_assert_max_num_queries):
    for i in range(30):
        notify(recipient=staff, event="e", title=f"N{i}", email=False)
    client.force_login(staff)
    with django_assert_max_num_queries(8):
        client.get(reverse("notifications:list"))
