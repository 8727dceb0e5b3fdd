import datetime

import pytest
from django.utils import timezone

from arena.tasks import send_event_reminders
from projects.tasks import remind_funder_reports
from tests.factories.projects import FunderReportFactory

pytestmark = pytest.mark.django_db


def test_tasks_are_named_and_run_their_service_once():
    FunderReportFactory(due_date=timezone.localdate() + datetime.timedelta(days=3))
    assert remind_funder_reports.name == "projects.remind_funder_reports"
    assert remind_funder_reports.apply().get() == 1
    assert remind_funder_reports.apply().get() == 0
    assert send_event_reminders.name == "arena.send_event_reminders"
    assert send_event_reminders.apply().get() == 0


def test_beat_schedule_holds_the_reminders():
    from config.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {"projects.remind_funder_reports", "arena.send_event_reminders"} <= tasks
