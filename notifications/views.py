from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.csv import csv_response
from core.forms import apply_validation_error

from .forms import NotificationPreferencesForm
from .selectors import notifications_for_user
from .services import notification_preferences_set, notifications_mark_read


@login_required
def notification_list(request):
    """The user's notices, newest first. Viewing a page marks its notices read."""
    page = Paginator(notifications_for_user(request.user), 25).get_page(request.GET.get("page"))
    unread_ids = [n.pk for n in page.object_list if n.read_at is None]
    response = render(
        request,
        "notifications/notice_list.html",
        {"page_obj": page, "unread_ids": set(unread_ids)},
    )
    if unread_ids:
        notifications_mark_read(user=request.user, ids=unread_ids)
    return response


@login_required
def notification_list_csv(request):
    """The user's notices as CSV (reading the export marks nothing read)."""
    header = [_("Created"), _("Title"), _("Text"), _("Read"), _("Link")]
    rows = (
        [
            n.created_at,
            n.title,
            n.body,
            n.read_at,
            request.build_absolute_uri(n.url) if n.url else "",
        ]
        for n in notifications_for_user(request.user).iterator(chunk_size=500)
    )
    return csv_response(_("notifications"), header, rows, request=request)


@login_required
@require_POST
def notification_mark_all_read(request):
    notifications_mark_read(user=request.user)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_mark_read(request, pk: int):
    """Mark one notice read; an htmx request gets the updated item back."""
    notification = get_object_or_404(notifications_for_user(request.user), pk=pk)
    notifications_mark_read(user=request.user, ids=[notification.pk])
    notification.refresh_from_db(fields=["read_at"])
    if request.htmx:
        return render(
            request,
            "notifications/_notice_item.html",
            {"notification": notification, "unread_ids": set(), "just_read": True},
        )
    return redirect(request.POST.get("next") or "notifications:list")


@login_required
def notification_preferences(request):
    """How the person wants to hear about each kind of event."""
    form = NotificationPreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            notification_preferences_set(user=request.user, choices=form.choices())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences_form.html", {"form": form})
