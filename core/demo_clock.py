"""One calendar for the demo: every demo date is a day of one real year in Syd, counted
from the day `seed_demo` runs, so the demo never contradicts itself (a standstill before
its decision, contracts before the award, a lesson before its case closed, a workshop's
minutes after the workshop) and never goes stale.

- `demo_date(days)` is the seeding day moved by `days` (negative: in the past), e.g.
  `demo_date(-300)` for the network's start in the first weeks of the Syd year.
- `demo_moment(days, hour=9)` is that day at a Swedish wall-clock time (aware).
- `pinned()` keeps that day while a demo moves the clock (time-machine) to run its
  services at the moment each step happened.
- `happening(moment, *objs)` runs one step of a demo at `moment` (the clock moved, the
  day pinned) and then dates the history of `objs` (and of what the step appends to the
  list it yields) to that moment.
- `backdate_history(obj, moment)` dates the history the seeding has just written for
  `obj` (its pghistory events recorded since this process started seeding) to the
  moment the event happened, so a page's history reads "decided in March" and not
  "decided at seeding time". Events already backdated are left alone, so a demo calls it
  after each step, in the order the steps happened.

The Syd year runs from `demo_date(YEAR_START)` to the seeding day; a few things (a coming
study visit, the next steering-group meeting) lie in the weeks after it.
"""

import datetime
import zoneinfo
from contextlib import contextmanager
from functools import cache

from django.apps import apps
from django.conf import settings
from django.utils import timezone

YEAR_START = -365  # the first day of the Syd year, in days from the seeding day

_STARTED = timezone.now()  # events recorded after this are the seeding's own (see begin)
_PINNED: datetime.date | None = None  # the seeding day while a demo moves the clock (pinned)


def begin() -> None:
    """Mark the start of seeding (`seed_demo` calls it). History rows carry the database
    transaction's time, so the mark is the earlier of now and that time: a seeding run
    inside one transaction (a test) still finds its own events."""
    global _STARTED
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        (db_now,) = cursor.fetchone()
    _STARTED = min(timezone.now(), db_now)


def seeding_started() -> datetime.datetime:
    """When this seeding began: rows and history written since are the seeding's own."""
    return _STARTED


def demo_today() -> datetime.date:
    """The seeding day: today, or the day `pinned` kept while the clock is moved."""
    return _PINNED or timezone.localdate()


@contextmanager
def pinned():
    """Keep `demo_today()` on the seeding day while a demo runs its services at their own
    moments (time-machine moves `timezone.now()`), so day numbers still count from the day
    of seeding and not from the moment travelled to. Re-entrant."""
    global _PINNED
    previous = _PINNED
    _PINNED = previous or timezone.localdate()
    try:
        yield
    finally:
        _PINNED = previous


@contextmanager
def happening(moment: datetime.datetime, *objs):
    """Run one demo step at `moment` (clamped to a minute ago: nothing is stored in the
    future): the services write their own dates (`created_at`, `ended_at`, `closed_at`),
    and afterwards the history of `objs`, and of every object the step appends to the
    yielded list, is dated to the moment."""
    import time_machine

    moment = min(moment, timezone.now() - datetime.timedelta(minutes=1))
    written = list(objs)
    with pinned(), time_machine.travel(moment, tick=False):
        yield written
    for obj in written:
        backdate_history(obj, moment)


def demo_date(days: int = 0, *, weeks: int = 0) -> datetime.date:
    """The seeding day moved by `days` and `weeks` (negative: in the past)."""
    return demo_today() + datetime.timedelta(days=days, weeks=weeks)


def demo_moment(days: int = 0, *, hour: int = 9, minute: int = 0, weeks: int = 0):
    """`demo_date(days, weeks=weeks)` at `hour:minute`, Swedish time (aware)."""
    day = demo_date(days, weeks=weeks)
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)


@cache
def event_models(model) -> tuple:
    """The pghistory event models that track `model`."""
    from pghistory.models import Event

    return tuple(
        m
        for m in apps.get_models()
        if issubclass(m, Event) and getattr(m, "pgh_tracked_model", None) is model
    )


def backdate_history(obj, moment: datetime.datetime | datetime.date) -> int:
    """Date the not yet backdated history events of `obj` to `moment` (a date means 9:00
    that day); a moment in the future is clamped to now. Returns how many were moved."""
    if isinstance(moment, datetime.date) and not isinstance(moment, datetime.datetime):
        moment = demo_moment((moment - demo_today()).days)
    moment = min(moment, timezone.now())
    moved = 0
    for event_model in event_models(type(obj)._meta.concrete_model):
        moved += event_model.objects.filter(pgh_obj_id=obj.pk, pgh_created_at__gte=_STARTED).update(
            pgh_created_at=moment
        )
    return moved


def backdate_history_all(model, moment, **filters) -> int:
    """Date the not yet backdated history events of every `model` row at once to `moment`,
    an expression over the event row, typically the tracked row's own date through
    `Subquery(Model.objects.filter(pk=OuterRef("pgh_obj_id")).values("created_at"))`: one
    query per event model where `backdate_history` in a loop takes one per row (a demo of
    hundreds of rows). `filters` narrow the events (e.g. `status="transferred"`); a moment
    in the future is clamped to now. Returns how many were moved."""
    from django.db.models import Value
    from django.db.models.functions import Least

    now = timezone.now()
    moved = 0
    for event_model in event_models(model._meta.concrete_model):
        moved += event_model.objects.filter(pgh_created_at__gte=_STARTED, **filters).update(
            pgh_created_at=Least(moment, Value(now))
        )
    return moved
