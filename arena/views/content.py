"""Pages of the network arena. Objects come from selectors taking the user (a foreign
object answers 404); public events can be read and registered for without an account."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.files import serve_file
from core.forms import apply_validation_error, messages_from_error
from projects.ics import event_ics

from .. import forms, selectors, services
from ..enums import LessonSource, RegistrationStatus


def _form_page(request, *, title, form, intro="", submit=None, back=None, multipart=False):
    return render(
        request,
        "arena/form.html",
        {
            "title": title,
            "form": form,
            "intro": intro,
            "submit": submit or _("Save"),
            "back": back,
            "multipart": multipart,
        },
    )


@login_required
def home(request):
    """Lessons learned (searchable in Swedish), and lessons waiting to be shared."""
    q = request.GET.get("q", "")
    lessons = selectors.search(selectors.lessons_for_user(request.user), q)
    if not q:
        lessons = lessons.order_by("-created_at")
    page = Paginator(lessons, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "arena/home.html",
        {
            "page_obj": page,
            "q": q,
            "query_string": urlencode({"q": q}) if q else "",
            "offer": selectors.lessons_on_offer(request.user),
            "may_write": request.user.has_perm("arena.write"),
        },
    )


@login_required
def lesson_create(request):
    if not request.user.has_perm("arena.write"):
        raise PermissionDenied
    user = request.user
    initial, links = {}, {}
    case_pk, sub_pk = request.GET.get("case"), request.GET.get("subproject")
    if case_pk and case_pk.isdigit():
        from procurements.selectors import procurements_for_user

        case = get_object_or_404(procurements_for_user(user), pk=case_pk)
        links["case"] = case
        initial = {"title": str(case), "body": case.lessons_learned, "source": LessonSource.CASE}
    elif sub_pk and sub_pk.isdigit():
        from projects.selectors import subprojects_for_user

        sub = get_object_or_404(subprojects_for_user(user), pk=sub_pk)
        links["subproject"] = sub
        initial = {
            "title": sub.title,
            "body": sub.lessons_learned,
            "source": LessonSource.SUBPROJECT,
            "network": sub.project.network_id,
        }
    form = forms.LessonForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.lesson_create(user=user, **form.cleaned_data, **links)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The lesson was shared."))
            return redirect("arena:home")
    return _form_page(
        request, title=_("Share a lesson"), form=form, submit=_("Share"), back="/arena/"
    )


# --- the library -------------------------------------------------------------------------


@login_required
def document_list(request):
    form = forms.SearchForm(request.GET or None)
    documents = selectors.documents_for_user(request.user)
    q = ""
    if form.is_valid():
        q = form.cleaned_data["q"]
        if form.cleaned_data["kind"]:
            documents = documents.filter(kind=form.cleaned_data["kind"])
    documents = selectors.search(documents, q) if q else documents.order_by("title")
    page = Paginator(documents, 25).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "arena/document_list.html",
        {
            "page_obj": page,
            "form": form,
            "query_string": params.urlencode(),
            "may_write": request.user.has_perm("arena.write"),
        },
    )


@login_required
def document_create(request):
    if not request.user.has_perm("arena.write"):
        raise PermissionDenied
    form = forms.DocumentForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        try:
            document = services.document_create(user=request.user, upload=upload, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="file")
        else:
            messages.success(request, _("The document was added to the library."))
            return redirect(document)
    return _form_page(
        request,
        title=_("Add a document"),
        form=form,
        multipart=True,
        back="/arena/library/",
    )


@login_required
def document_detail(request, pk: int):
    document = get_object_or_404(selectors.documents_for_user(request.user), pk=pk)
    may_add = request.user.has_perm("arena.add_version", document)
    form = forms.VersionForm(request.POST or None, request.FILES or None) if may_add else None
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.document_version_add(
                    user=request.user,
                    document=document,
                    upload=form.cleaned_data["file"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc, default_field="file")
            else:
                messages.success(request, _("The new version was added."))
                return redirect(document)
    return render(
        request,
        "arena/document_detail.html",
        {
            "document": document,
            "versions": document.versions.select_related("uploaded_by"),
            "form": form,
        },
    )


@login_required
def version_download(request, pk: int, number: int):
    document = get_object_or_404(selectors.documents_for_user(request.user), pk=pk)
    version = get_object_or_404(document.versions, number=number)
    return serve_file(version.file, download_name=version.file_name)


# --- events ------------------------------------------------------------------------------


def event_list(request):
    events = selectors.registration_counts(
        selectors.events_for_user(request.user).filter(
            ends_at__gte=timezone.now(), cancelled_at__isnull=True
        )
    ).order_by("starts_at")
    if not request.user.is_authenticated:
        events = events.filter(published_at__isnull=False)
    page = Paginator(events, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "arena/event_list.html",
        {
            "page_obj": page,
            "may_write": request.user.is_authenticated and request.user.has_perm("arena.write"),
        },
    )


@login_required
def event_create(request):
    if not request.user.has_perm("arena.write"):
        raise PermissionDenied
    form = forms.EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The event was saved."))
            return redirect(event)
    return _form_page(request, title=_("New event"), form=form, back="/arena/events/")


def _event(request, pk: int):
    return get_object_or_404(selectors.events_for_user(request.user), pk=pk)


def event_detail(request, pk: int):
    event = _event(request, pk)
    user = request.user
    may_manage = user.is_authenticated and user.has_perm("arena.manage_event", event)
    context = {
        "event": event,
        "may_manage": may_manage,
        "registration": selectors.own_registration(user, event),
        "confirmed": event.registrations.filter(status=RegistrationStatus.CONFIRMED).count(),
        "public_form": None if user.is_authenticated else forms.RegistrationForm(),
    }
    if may_manage:
        registrations = list(event.registrations.exclude(status=RegistrationStatus.CANCELLED))
        context["registrations"] = registrations
        context["attendance_form"] = forms.AttendanceForm(
            registrations=[r for r in registrations if r.status == RegistrationStatus.CONFIRMED],
            initial={"attended": [r.pk for r in registrations if r.attended]},
        )
    return render(request, "arena/event_detail.html", context)


@require_POST
def event_register(request, pk: int):
    event = _event(request, pk)
    if request.user.is_authenticated:
        kwargs = {"user": request.user}
    else:
        form = forms.RegistrationForm(request.POST)
        if not form.is_valid():
            return render(
                request,
                "arena/event_detail.html",
                {"event": event, "public_form": form, "confirmed": 0},
                status=400,
            )
        kwargs = form.cleaned_data
    try:
        registration = services.event_register(event=event, **kwargs)
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        if registration.status == RegistrationStatus.WAITLISTED:
            messages.info(request, _("The event is full: you are on the waiting list."))
        else:
            messages.success(request, _("You are registered."))
    return redirect(event)


@login_required
@require_POST
def registration_cancel(request, pk: int):
    event = _event(request, pk)
    registration = selectors.own_registration(request.user, event)
    if registration is None:
        messages.error(request, _("You are not registered."))
    else:
        services.registration_cancel(registration=registration)
        messages.success(request, _("Your registration was cancelled."))
    return redirect(event)


@login_required
@require_POST
def event_publish(request, pk: int):
    event = _event(request, pk)
    services.event_publish(user=request.user, event=event)
    messages.success(request, _("The event was published."))
    return redirect(event)


@login_required
@require_POST
def event_cancel(request, pk: int):
    event = _event(request, pk)
    services.event_cancel(user=request.user, event=event)
    messages.success(request, _("The event was cancelled; the registered were told."))
    return redirect(event)


@login_required
@require_POST
def event_attendance(request, pk: int):
    event = _event(request, pk)
    if not request.user.has_perm("arena.manage_event", event):
        raise PermissionDenied
    registrations = list(event.registrations.filter(status=RegistrationStatus.CONFIRMED))
    form = forms.AttendanceForm(request.POST, registrations=registrations)
    if form.is_valid():
        services.attendance_record(
            user=request.user,
            event=event,
            attended_ids=[int(i) for i in form.cleaned_data["attended"]],
        )
        messages.success(request, _("Attendance was saved."))
    return redirect(event)


def event_ics_download(request, pk: int):
    event = _event(request, pk)
    body = event_ics(
        uid=f"arena-event-{event.uid}@samverka",
        sequence=event.sequence,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        summary=event.title,
        location=event.location,
        description=event.description,
        url=event.get_absolute_url(),
        cancelled=event.cancelled_at is not None,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


# --- the evaluation space -------------------------------------------------------------------


@login_required
def evaluation_list(request):
    spaces = selectors.evaluation_spaces_for_user(request.user).order_by("-created_at")
    return render(
        request,
        "arena/evaluation_list.html",
        {"spaces": spaces, "may_create": request.user.has_perm("arena.write")},
    )


@login_required
def evaluation_create(request):
    if not request.user.has_perm("arena.write"):
        raise PermissionDenied
    form = forms.EvaluationSpaceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            space = services.evaluation_space_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The evaluation space was opened for the researcher."))
            return redirect(space)
    return _form_page(
        request,
        title=_("Open an evaluation space"),
        form=form,
        intro=_(
            "A follow-along researcher collects material here during the project and "
            "publishes the evaluation report."
        ),
        back="/arena/evaluations/",
    )


@login_required
def evaluation_detail(request, pk: int):
    space = get_object_or_404(selectors.evaluation_spaces_for_user(request.user), pk=pk)
    user = request.user
    may_write = user.has_perm("arena.write_evaluation", space)
    material_form = forms.MaterialForm(prefix="m") if may_write else None
    publish_form = (
        forms.PublishReportForm(
            prefix="r",
            initial={"title": space.report_title, "summary": space.report_summary},
        )
        if may_write
        else None
    )
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        if "m-title" in request.POST:
            material_form = forms.MaterialForm(request.POST, prefix="m")
            if material_form.is_valid():
                services.evaluation_material_add(
                    user=user, space=space, **material_form.cleaned_data
                )
                return redirect(space)
        else:
            publish_form = forms.PublishReportForm(request.POST, prefix="r")
            if publish_form.is_valid():
                services.evaluation_publish(user=user, space=space, **publish_form.cleaned_data)
                messages.success(request, _("The report was published."))
                return redirect(space)
    return render(
        request,
        "arena/evaluation_detail.html",
        {
            "space": space,
            "materials": space.materials.select_related("added_by")
            if user.has_perm("arena.view_material", space)
            else None,
            "material_form": material_form,
            "publish_form": publish_form,
        },
    )
