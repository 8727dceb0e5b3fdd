"""Sprint dates: working days in Europe/Stockholm, municipal closure days included."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.calendar import add_working_days, holiday_name, is_working_day

from .enums import AGENDA, DAY_PART_TIMES, FORMAT_LENGTH, DayPart, SprintFormat

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local_today() -> date:
    return timezone.now().astimezone(STOCKHOLM).date()


def closure_dates(organization, start: date, end: date) -> set[date]:
    from .models import ClosureDay

    if organization is None:
        return set()
    return set(
        ClosureDay.objects.filter(
            organization=organization, date__gte=start, date__lte=end
        ).values_list("date", flat=True)
    )


def working_days_between(start: date, end: date, *, closed=()) -> list[date]:
    days, day = [], start
    while day <= end:
        if is_working_day(day, closed=closed):
            days.append(day)
        day += timedelta(days=1)
    return days


def working_days_before(day: date, count: int, *, closed=()) -> date:
    """The working day `count` working days before `day`."""
    while count > 0:
        day -= timedelta(days=1)
        if is_working_day(day, closed=closed):
            count -= 1
    return day


def why_not_working(day: date, closed: set[date]) -> str:
    if day.weekday() >= 5:
        return _("%(date)s is a weekend day.") % {"date": date_format(day, "j F Y")}
    name = holiday_name(day)
    if name:
        return _("%(date)s is a public holiday (%(name)s).") % {
            "date": date_format(day, "j F Y"),
            "name": name,
        }
    if day in closed:
        return _("%(date)s is a closure day of the municipality.") % {
            "date": date_format(day, "j F Y")
        }
    return ""


def validate_sprint_dates(
    *,
    sprint_format: str,
    start_date: date | None,
    end_date: date | None,
    day_part: str,
    organization,
    agreement=None,
) -> list[date]:
    """The sprint's days, or a ValidationError saying exactly what is wrong with the dates."""
    if start_date is None:
        raise ValidationError({"start_date": _("Enter the first day.")})
    end_date = end_date or start_date
    if start_date > end_date:
        raise ValidationError({"end_date": _("The last day is before the first day.")})
    if start_date <= local_today():
        raise ValidationError({"start_date": _("The first day must be in the future.")})
    if agreement is not None and not (agreement.start_date <= start_date <= agreement.end_date):
        raise ValidationError(
            {
                "start_date": _("The agreement runs from %(start)s to %(end)s.")
                % {"start": agreement.start_date, "end": agreement.end_date}
            }
        )
    closed = closure_dates(organization, start_date, end_date)
    for field, day in (("start_date", start_date), ("end_date", end_date)):
        if not is_working_day(day, closed=closed):
            raise ValidationError(
                {field: why_not_working(day, closed) + " " + _("Choose a working day.")}
            )
    days_needed = FORMAT_LENGTH[SprintFormat(sprint_format)][0]
    days = working_days_between(start_date, end_date, closed=closed)
    if len(days) != days_needed:
        raise ValidationError(
            {
                "end_date": _(
                    "A %(format)s runs on %(needed)s working days in a row; "
                    "%(start)s to %(end)s holds %(count)s."
                )
                % {
                    "format": SprintFormat(sprint_format).label,
                    "needed": days_needed,
                    "start": start_date,
                    "end": end_date,
                    "count": len(days),
                }
            }
        )
    if sprint_format == SprintFormat.HALF_DAY and day_part == DayPart.FULL_DAY:
        raise ValidationError({"day_part": _("A half-day workshop is a morning or an afternoon.")})
    if sprint_format != SprintFormat.HALF_DAY and day_part != DayPart.FULL_DAY:
        raise ValidationError({"day_part": _("Only a half-day workshop takes half a day.")})
    return days


def session_periods(days: list[date], day_part: str) -> list[tuple[datetime, datetime]]:
    start, end = DAY_PART_TIMES[DayPart(day_part)]
    return [
        (datetime.combine(day, start, STOCKHOLM), datetime.combine(day, end, STOCKHOLM))
        for day in days
    ]


def response_deadline(now: datetime, working_days: int, *, closed=()) -> datetime:
    """16:00 Stockholm time on the n-th working day after `now`."""
    today = now.astimezone(STOCKHOLM).date()
    return datetime.combine(
        add_working_days(today, max(working_days, 1), closed=closed), time(16, 0), STOCKHOLM
    )


def agenda(sprint_format: str, sessions) -> list[dict]:
    """The Design Sprint agenda for the format, laid over the booked sessions."""
    plan = AGENDA[SprintFormat(sprint_format)]
    days = []
    for index, session in enumerate(sessions):
        if index >= len(plan):
            break
        start = session.period.lower.astimezone(STOCKHOLM)
        items = []
        for phase, begin, end in plan[index]:
            if sprint_format == SprintFormat.HALF_DAY:
                begin_at = start + timedelta(hours=begin.hour)
                end_at = start + timedelta(hours=end.hour)
            else:
                begin_at = datetime.combine(start.date(), begin, STOCKHOLM)
                end_at = datetime.combine(start.date(), end, STOCKHOLM)
            items.append({"phase": phase, "label": phase.label, "start": begin_at, "end": end_at})
        days.append({"session": session, "day": start.date(), "items": items})
    return days


def phases_of_day(sprint_format: str, day_number: int) -> list:
    plan = AGENDA[SprintFormat(sprint_format)]
    if 1 <= day_number <= len(plan):
        return [phase for phase, _begin, _end in plan[day_number - 1]]
    return []
