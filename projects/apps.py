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

        invalidate_on_change(
            CARDS, models.Project, models.ProjectGroup, models.GroupMember, models.Meeting
        )
