from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .selectors import notifications_for_user
from .services import notifications_mark_read


@login_required
def notification_list(request):
    """The user's notices, newest first. Viewing a page marks its notices read."""
    page = Paginator(notifications_for_user(request.user), 25).get_page(request.GET.get("page"))
    unread_ids = [n.pk for n in page.object_list if n.read_at is None]
    response = render(
        request,
        "notifications/notification_list.html",
        {"page_obj": page, "unread_ids": set(unread_ids)},
    )
    if unread_ids:
        notifications_mark_read(user=request.user, ids=unread_ids)
    return response


@login_required
@require_POST
def notification_mark_all_read(request):
    notifications_mark_read(user=request.user)
    return redirect("notifications:list")
