from datetime import date

import pytest
from django.utils import translation

from core.calendar import add_working_days, holiday_name, is_working_day, next_working_day


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 6, 19),
        date(2026, 12, 24),
        date(2026, 12, 31),
        date(2026, 6, 6),
        date(2026, 4, 3),
        date(2026, 11, 21),
        date(2026, 11, 22),
    ],
)
def test_not_working_days(day):
    assert not is_working_day(day)


def test_working_day_and_closure():
    assert is_working_day(date(2026, 11, 23))
    assert not is_working_day(date(2026, 11, 23), closed=[date(2026, 11, 23)])


def test_next_and_add_working_days():
    assert next_working_day(date(2026, 12, 24)) == date(2026, 12, 28)
    assert add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 28)


def test_holiday_names_follow_language():
    with translation.override("sv"):
        assert holiday_name(date(2026, 6, 19)) == "Midsommarafton"
    with translation.override("en"):
        assert holiday_name(date(2026, 6, 19)) == "Midsummer Eve"
