"""Writes for reports: request, rebuild, build (the Celery task's one service) and sweep.

Side effects: `report_request`/`report_rebuild` publish `reports.build_report` after
commit; `report_build` stores the PDF and notifies the requester (once, by dedupe key)
when the report is done or has failed; `reports_sweep` re-publishes waiting reports and
ends builds whose worker died, so nobody waits on an endless spinner.
"""

import hashlib
import logging
import secrets
import threading
from datetime import timedelta

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.pdf import render_pdf
from core.registry import report_kinds
from core.tasks import enqueue_on_commit, send_now
from notifications.services import notify
from organizations.selectors import networks_for_user

from .enums import ReportState
from .models import Report

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
STALE_RUNNING = timedelta(minutes=15)  # a build without any heartbeat (older rows)
STALE_HEARTBEAT = timedelta(minutes=1)  # a build whose worker has shown no life this long
HEARTBEAT_EVERY = 10  # seconds
QUEUED_GRACE = timedelta(seconds=30)


class TransientReportError(Exception):
    """The build met a passing problem (database or network hiccup); try again later."""


class ReportBusy(Exception):
    """Another run builds the report and is alive; look again after `retry_in` seconds
    (by then it is done, or its heartbeat has stopped and the report can be taken over)."""

    def __init__(self, retry_in: float):
        super().__init__(f"being built; look again in {retry_in:.0f} s")
        self.retry_in = retry_in


def _claimable(now) -> Q:
    """Queued, or running in a worker that stopped beating (killed, machine gone)."""
    return Q(state=ReportState.QUEUED) | Q(
        Q(heartbeat_at__lt=now - STALE_HEARTBEAT)
        | Q(heartbeat_at__isnull=True, started_at__lt=now - STALE_RUNNING),
        state=ReportState.RUNNING,
    )


class _Heartbeat:
    """Touch `heartbeat_at` every HEARTBEAT_EVERY seconds while the build runs (also
    through a long PDF render that reports no progress), in its own connection."""

    def __init__(self, report_id: int, token: str):
        self.report_id, self.token = report_id, token
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="report-heartbeat", daemon=True)

    def _run(self) -> None:
        try:
            while not self.stop.wait(HEARTBEAT_EVERY):
                Report.objects.filter(
                    pk=self.report_id, state=ReportState.RUNNING, claim_token=self.token
                ).update(heartbeat_at=timezone.now())
        except Exception:  # a missed beat only risks an early takeover, never a wrong file
            logger.warning("Report %s heartbeat stopped", self.report_id, exc_info=True)
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join(timeout=HEARTBEAT_EVERY + 5)


TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


def _kind_or_error(key: str):
    kind = report_kinds().get(key)
    if kind is None:
        raise ValidationError(_("This kind of report does not exist."))
    return kind


def _default_title(kind, params: dict, network, language: str) -> str:
    with translation.override(language):
        title = str(kind.title)
    if network is not None:
        title = f"{title} – {network.name}"
    return title[:300]


def report_request(
    *, user, kind_key: str, params: dict, language: str | None = None, rebuilt_from=None
) -> Report:
    """Queue a report of `kind_key` with validated `params` (from the kind's form).

    Refuses kinds the user may not request and networks the user is not part of. The
    build task is published after commit.
    """
    kind = _kind_or_error(kind_key)
    if not user.has_perm("reports.use") or not kind.may_request(user):
        raise PermissionDenied(_("You may not ask for this kind of report."))
    if user.organization_id is None:
        raise PermissionDenied(_("You must belong to an organisation to ask for reports."))
    network = None
    network_id = (params or {}).get("network")
    if network_id is not None:
        network = networks_for_user(user).filter(pk=network_id).first()
        if network is None:
            raise ValidationError({"network": _("Choose one of your networks.")})
    language = language or getattr(user, "language", None) or "sv"
    if language not in {"sv", "en"}:
        raise ValidationError({"language": _("Choose Swedish or English.")})
    with transaction.atomic():
        report = Report.objects.create(
            kind=kind.key,
            title=_default_title(kind, params, network, language),
            params=params or {},
            requested_by=user,
            organization_id=user.organization_id,
            network=network,
            language=language,
            rebuilt_from=rebuilt_from,
        )
        from .tasks import build_report

        enqueue_on_commit(build_report, report.pk)
    return report


def report_rebuild(*, user, report: Report) -> Report:
    """Build the same report again (same kind, parameters and language) as a new row,
    requested by `user`; the earlier report and its file are kept."""
    if not report.is_finished:
        raise ValidationError(_("The report is still being built."))
    return report_request(
        user=user,
        kind_key=report.kind,
        params=report.params,
        language=report.language,
        rebuilt_from=report,
    )


def report_set_progress(report_id: int, percent: int, message: str = "") -> None:
    """Store progress in the database (committed at once: the task runs outside a
    transaction), so the page polling it sees it."""
    Report.objects.filter(pk=report_id, state=ReportState.RUNNING).update(
        progress=max(0, min(100, int(percent))),
        progress_message=str(message)[:200],
        heartbeat_at=timezone.now(),
    )


def _fail(report_id: int, message: str) -> bool:
    """Mark a running (or queued) report failed with a readable message; notify once."""
    now = timezone.now()
    changed = Report.objects.filter(
        pk=report_id, state__in=[ReportState.RUNNING, ReportState.QUEUED]
    ).update(state=ReportState.FAILED, error_message=message[:2000], finished_at=now)
    if changed:
        report = Report.objects.select_related("requested_by").get(pk=report_id)
        _notify(report, done=False)
    return bool(changed)


def _notify(report: Report, *, done: bool) -> None:
    user = report.requested_by
    if user is None:
        return
    with translation.override(user.language or "sv"):
        if done:
            title = _("Your report “%(title)s” is ready") % {"title": report.title}
            body = _("Download it from the report's page.")
        else:
            title = _("Your report “%(title)s” could not be built") % {"title": report.title}
            body = report.error_message
    notify(
        recipient=user,
        event="reports.done" if done else "reports.failed",
        title=title,
        body=body,
        url=report.get_absolute_url(),
        dedupe_key=f"reports.report:{report.pk}:{'done' if done else 'failed'}",
    )


def report_build(*, report_id: int) -> str:
    """Build the report: claim it (queued → running, or take over a running build whose
    heartbeat stopped), build the context as the requester, render the PDF, store it,
    mark it done and notify the requester.

    Returns "done", "failed" or "skipped" (built already, or another run took it over).
    Raises ReportBusy while another live run builds it, and TransientReportError (after
    putting the report back in the queue) for errors worth retrying; every other error
    ends in the failed state with a readable message. Only the run holding the claim
    token stores a file, so a taken-over build never leaves a second one.
    """
    now = timezone.now()
    token = secrets.token_hex(16)
    claimed = Report.objects.filter(_claimable(now), pk=report_id).update(
        state=ReportState.RUNNING,
        started_at=now,
        heartbeat_at=now,
        claim_token=token,
        progress=0,
        progress_message=_("Started"),
        attempts=F("attempts") + 1,
    )
    if claimed != 1:
        beat = (
            Report.objects.filter(pk=report_id, state=ReportState.RUNNING)
            .values_list("heartbeat_at", "started_at")
            .first()
        )
        if beat is None:
            return "skipped"
        last = beat[0] or beat[1] or now
        stale_at = last + (STALE_HEARTBEAT if beat[0] else STALE_RUNNING)
        raise ReportBusy(max(5.0, (stale_at - now).total_seconds() + 5))
    report = Report.objects.select_related("requested_by", "organization", "network").get(
        pk=report_id
    )
    if report.attempts > MAX_ATTEMPTS:
        with translation.override(report.language):
            _fail(report.pk, _("Building the report was interrupted several times."))
        return "failed"
    with _Heartbeat(report.pk, token):
        return _report_build_claimed(report, token)


def _report_build_claimed(report: Report, token: str) -> str:
    kind = report_kinds().get(report.kind)
    user = report.requested_by
    with translation.override(report.language):
        if kind is None:
            _fail(report.pk, _("This kind of report is no longer available."))
            return "failed"
        if user is None or not user.is_active:
            _fail(report.pk, _("The person who asked for the report no longer has an account."))
            return "failed"
        if not kind.may_request(user):
            _fail(report.pk, _("The person who asked for the report may no longer see it."))
            return "failed"

        def progress(percent: int, message: str = "") -> None:
            report_set_progress(report.pk, percent, message)

        try:
            context = kind.build_context(report.params, user, progress)
            requires = [list(item) for item in context.pop("report_requires", [])]
            progress(85, _("Writing the PDF"))
            full_context = {
                "title": str(kind.title),
                "subtitle": report.network.name if report.network else "",
                "organization_name": report.organization.name,
                "generated_at": timezone.localtime(),
                "requested_by": user.get_full_name(),
                "toc": [],
                "report": report,
                **context,
            }
            pdf = render_pdf(
                kind.template, full_context, language=report.language, pdf_variant=kind.pdf_variant
            )
        except TRANSIENT_ERRORS as exc:
            if report.attempts >= MAX_ATTEMPTS:
                _fail(report.pk, _("The report could not be built after several attempts."))
                return "failed"
            Report.objects.filter(
                pk=report.pk, state=ReportState.RUNNING, claim_token=token
            ).update(state=ReportState.QUEUED, progress_message=_("Waiting to try again"))
            raise TransientReportError(str(exc)) from exc
        except (ValidationError, PermissionDenied, ObjectDoesNotExist) as exc:
            detail = "; ".join(getattr(exc, "messages", None) or [str(exc)])
            _fail(
                report.pk,
                _("The report could not be built: %(reason)s")
                % {"reason": detail or _("the data it needs is not available")},
            )
            return "failed"
        except Exception:  # a bug or bad data: fail visibly, log the details
            logger.exception("Report %s (%s) failed", report.pk, report.kind)
            _fail(
                report.pk,
                _(
                    "An unexpected error stopped the report. Try to build it again; if it "
                    "fails again, contact the platform administrator."
                ),
            )
            return "failed"
        title = " – ".join(
            str(part) for part in (full_context["title"], full_context["subtitle"]) if part
        )
    return _report_store(report, token, pdf=pdf, title=title, requires=requires)


def _report_store(report: Report, token: str, *, pdf: bytes, title: str, requires: list) -> str:
    """Store the built PDF on the report, if this run still holds its claim."""
    try:
        with transaction.atomic():
            locked = Report.objects.select_for_update().get(pk=report.pk)
            if locked.state != ReportState.RUNNING or locked.claim_token != token:
                return "skipped"  # taken over (or swept) meanwhile: that run stores it
            locked.file.save("report.pdf", ContentFile(pdf), save=False)
            locked.file_size = len(pdf)
            locked.content_hash = hashlib.sha256(pdf).hexdigest()
            locked.title = title[:300] or locked.title
            locked.state = ReportState.DONE
            locked.progress = 100
            locked.progress_message = ""
            locked.finished_at = timezone.now()
            locked.requires = requires
            locked.save(
                update_fields=[
                    "requires",
                    "file",
                    "file_size",
                    "content_hash",
                    "title",
                    "state",
                    "progress",
                    "progress_message",
                    "finished_at",
                ]
            )
            _notify(locked, done=True)
    except DatabaseError as exc:
        Report.objects.filter(pk=report.pk, state=ReportState.RUNNING, claim_token=token).update(
            state=ReportState.QUEUED
        )
        raise TransientReportError(str(exc)) from exc
    return "done"


def reports_sweep() -> int:
    """Publish reports that wait in the queue (Redis was down) and end builds whose worker
    died (no heartbeat for STALE_HEARTBEAT): back to the queue while attempts remain,
    else failed with a message."""
    from .tasks import build_report

    now = timezone.now()
    for report in Report.objects.filter(_claimable(now), state=ReportState.RUNNING).only(
        "pk", "attempts", "language"
    ):
        if report.attempts < MAX_ATTEMPTS:
            Report.objects.filter(pk=report.pk, state=ReportState.RUNNING).update(
                state=ReportState.QUEUED
            )
        else:
            with translation.override(report.language):
                _fail(report.pk, _("Building the report was interrupted several times."))
    waiting = list(
        Report.objects.filter(
            state=ReportState.QUEUED, created_at__lt=now - QUEUED_GRACE
        ).values_list("pk", flat=True)[:200]
    )
    published = 0
    for pk in waiting:
        if not send_now(build_report, pk):
            break
        published += 1
    return published
