"""Landing-page card: the user's running projects and the coming meetings of their
groups (for coordinators, project managers and invited outside people)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.cache import cached, user_scope
from core.registry import DashboardSection, rendered

from .selectors import meetings_for_user, projects_for_user

# Cached per user as HTML; any change to a project, group, membership or meeting forgets
# it (apps.py). Meetings start while cached: short entries.
CARDS = "projects:cards"
TIMEOUT = 300


def sections(request) -> list[DashboardSection]:
    user = request.user
    if not (user.is_external_user or (user.is_municipal and user.has_role("coordinator"))):
        return []
    return cached(CARDS, user_scope(user), lambda: rendered(_sections(user)), timeout=TIMEOUT)


def _sections(user) -> list[DashboardSection]:
    projects = list(projects_for_user(user).exclude(state="closed").order_by("title")[:5])
    meetings = list(
        meetings_for_user(user)
        .filter(starts_at__gte=timezone.now(), group__memberships__user=user)
        .exclude(state="cancelled")
        .order_by("starts_at")[:5]
    )
    return [
        DashboardSection(
            title=_("Projects"),
            template="projects/dashboard/projects.html",
            context={"projects": projects, "meetings": meetings},
            order=30,
        )
    ]
