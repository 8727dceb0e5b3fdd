"""Working days in Sweden: weekends and Swedish public holidays are not working days.

Midsummer Eve, Christmas Eve and New Year's Eve count as holidays (de facto non-working
days in Swedish public administration). Extra closure days (e.g. a municipality's own)
can be passed in.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache

import holidays


@cache
def _swedish_holidays(year: int, language: str) -> dict:
    # include_sundays=False: the library otherwise lists every Sunday as a holiday.
    return dict(
        holidays.Sweden(
            years=year,
            include_sundays=False,
            categories=("public", "de_facto"),
            language="sv" if language == "sv" else "en_US",
        )
    )


def holiday_name(day: date) -> str | None:
    """The holiday's name in the active language, or None on an ordinary day."""
    from django.utils import translation

    return _swedish_holidays(day.year, translation.get_language() or "sv").get(day)


def is_working_day(day: date, *, closed: Iterable[date] = ()) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None and day not in set(closed)


def next_working_day(day: date, *, closed: Iterable[date] = ()) -> date:
    """`day` itself if it is a working day, else the next one."""
    closed = set(closed)
    while not is_working_day(day, closed=closed):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, count: int, *, closed: Iterable[date] = ()) -> date:
    closed = set(closed)
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day, closed=closed):
            count -= 1
    return day
