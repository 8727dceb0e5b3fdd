from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        # Permissions register their rules on import; selectors register history scopes.
        from . import permissions, selectors  # noqa: F401
