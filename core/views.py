import redis
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from . import history
from .registry import dashboard_sections


@login_required
def dashboard(request):
    """The landing page: each app contributes the cards that fit the user's roles."""
    return render(request, "core/dashboard.html", {"sections": dashboard_sections(request)})


def accessibility_statement(request):
    return render(request, "core/accessibility.html")


@login_required
def object_history(request, label: str, pk: int):
    """Everything that happened to one object, as far as the user may see it (field by
    field: `core.history.history_for_user`)."""
    obj, events = history.history_for_user(request.user, label, pk)
    return render(
        request,
        "core/history.html",
        {"object": obj, "model_name": obj._meta.verbose_name, "events": events},
    )


def _check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # report, never raise: this is the health page
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True}


def _check_redis() -> dict:
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL,
            socket_timeout=settings.REDIS_SOCKET_TIMEOUT,
            socket_connect_timeout=settings.REDIS_SOCKET_TIMEOUT,
        )
        client.ping()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True}


def _check_workers(redis_ok: bool) -> dict:
    if not redis_ok:
        return {"ok": False, "error": "broker unreachable", "workers": []}
    from config.celery import app

    try:
        replies = app.control.ping(timeout=1.0) or []
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__, "workers": []}
    names = sorted(name for reply in replies for name in reply)
    return {"ok": bool(names), "workers": names}


@never_cache
def healthz(request):
    """Database, Redis and worker state as JSON. 200 when the app can serve pages."""
    from core.health import waiting_counts
    from core.models import JobState, OutboxJob

    database = _check_database()
    redis_state = _check_redis()
    workers = _check_workers(redis_state["ok"])
    jobs_waiting = (
        OutboxJob.objects.exclude(state=JobState.PUBLISHED).count() if database["ok"] else None
    )
    body = {
        "status": "ok" if database["ok"] else "error",
        "database": database,
        "redis": redis_state,
        "worker": workers,
        **waiting_counts(database["ok"]),
        "jobs_waiting": jobs_waiting,
    }
    return JsonResponse(body, status=200 if database["ok"] else 503)


@require_POST
def set_language(request):
    """Switch language; a signed-in user's choice is saved in their profile too."""
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        get_user_model().objects.filter(pk=request.user.pk).update(language=language)
    return django_set_language(request)
