"""The two-person opening page: start, confirm (a second official, own session), cancel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import services
from ..enums import OpeningKind, OpeningStatus
from ..selectors import openings_for_case
from ..services.opening import opening_key
from .common import get_case


def opening_page(request, *, case, kind: str, target, title: str, intro: str, back_url: str):
    """GET shows the set's opening protocol; POST `action` = start | confirm | cancel.

    Officers running the case may start and cancel; any official of the case other than
    the starter may confirm. Everyone else gets 403 (outsiders 404 from `get_case`)."""
    user = request.user
    may_start = user.has_perm("procurements.open_bids", case)
    may_confirm = user.has_perm("procurements.confirm_opening", case)
    if not (may_start or may_confirm):
        raise PermissionDenied
    sessions = openings_for_case(user, case, kind=kind).filter(
        target_key=opening_key(kind=kind, target=target)
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "start":
                services.opening_start(kind=kind, target=target, by=user)
                messages.success(
                    request,
                    _("The opening is started. A second official must now confirm it."),
                )
            elif action in ("confirm", "cancel"):
                session = get_object_or_404(sessions, pk=request.POST.get("session"))
                if action == "confirm":
                    services.opening_confirm(session=session, by=user)
                    messages.success(request, _("The opening is confirmed: the items are open."))
                else:
                    services.opening_cancel(session=session, by=user)
                    messages.success(request, _("The opening was called off."))
            else:
                raise Http404
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(request.path)
    now = timezone.now()
    rows = list(sessions)
    pending = next(
        (s for s in rows if s.status == OpeningStatus.PENDING and s.expires_at >= now), None
    )
    confirmed = next((s for s in rows if s.status == OpeningStatus.CONFIRMED), None)
    return render(
        request,
        "procurements/opening.html",
        {
            "case": case,
            "title": title,
            "intro": intro,
            "back_url": back_url,
            "sessions": rows,
            "pending": pending,
            "confirmed": confirmed,
            "now": now,
            "may_start": may_start and pending is None and confirmed is None,
            "may_confirm": bool(pending and may_confirm and pending.started_by_id != user.pk),
            "may_cancel": bool(pending and (may_start or pending.started_by_id == user.pk)),
        },
    )


@login_required
def bids_open(request, pk):
    case = get_case(request, pk, perm="procurements.view_case")
    tender = getattr(case, "tender", None)
    if tender is None:
        raise Http404
    return opening_page(
        request,
        case=case,
        kind=OpeningKind.BIDS,
        target=tender,
        title=_("Open the bids"),
        intro=_(
            "Two officials open the bids: one starts the opening, a second confirms it in "
            "their own session within %(minutes)s minutes. Until then nobody can see who "
            "bid, how many bid or anything of a bid."
        )
        % {"minutes": services.opening.OPENING_CONFIRMATION_MINUTES},
        back_url=case.get_absolute_url() + "#bids",
    )
