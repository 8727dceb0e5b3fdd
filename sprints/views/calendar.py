"""The sprint calendar, a session's calendar file and the municipality's closure days."""

from calendar import monthrange
from datetime import date, datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.forms import apply_validation_error

from .. import forms, selectors, services
from ..dates import STOCKHOLM
from ..ics import session_ics


@login_required
def session_ics_download(request, pk: int):
    session = get_object_or_404(selectors.sessions_visible_to(request.user), pk=pk)
    response = HttpResponse(session_ics(session), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{session.call_off.reference}-{session.day_number}.ics"'
    )
    return response


@login_required
def calendar(request):
    today = timezone.now().astimezone(STOCKHOLM).date()
    try:
        year, number = (int(part) for part in request.GET.get("month", "").split("-"))
        month = date(year, number, 1)
    except (ValueError, TypeError):
        month = today.replace(day=1)
    last = month.replace(day=monthrange(month.year, month.month)[1])
    start = datetime.combine(month, datetime.min.time(), STOCKHOLM)
    end = datetime.combine(last, datetime.max.time(), STOCKHOLM)
    sessions = selectors.sessions_for_user(request.user, start=start, end=end).order_by("period")
    previous = (month - timedelta(days=1)).replace(day=1)
    following = last + timedelta(days=1)
    return render(
        request,
        "sprints/calendar.html",
        {"sessions": sessions, "month": month, "previous": previous, "following": following},
    )


@login_required
def closure_days(request):
    if not request.user.has_perm("sprints.manage_closure_days"):
        raise PermissionDenied
    form = forms.ClosureDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.closure_day_add(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The closure day was saved."))
            return redirect("sprints:closure-days")
    days = selectors.upcoming_closure_days(request.user)
    return render(request, "sprints/closureday_list.html", {"form": form, "days": days})
