from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        # Permissions register their rules on import; selectors register history scopes.
        from core.cache import invalidate_on_change

        from . import models, permissions, selectors  # noqa: F401
        from .dashboard import CARDS
        from .navigation import group_namespace

        invalidate_on_change(
            CARDS, models.Project, models.ProjectGroup, models.GroupMember, models.Meeting
        )
        # A supplier's menu shows Projects once they sit in a group (navigation.py).
        invalidate_on_change(lambda member: [group_namespace(member.user_id)], models.GroupMember)
