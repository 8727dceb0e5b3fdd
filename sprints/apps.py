from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SprintsConfig(AppConfig):
    name = "sprints"
    verbose_name = _("Design sprints")

    def ready(self) -> None:
        # Permissions register their rules on import; selectors register history scopes.
        from procurements.timeline import register_source

        from . import permissions, selectors, timeline  # noqa: F401
        from .caching import connect

        connect()
        register_source(timeline.entries)
