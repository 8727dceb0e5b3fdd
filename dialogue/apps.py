from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogueConfig(AppConfig):
    name = "dialogue"
    verbose_name = _("Market dialogue")

    def ready(self) -> None:
        # Permissions register their rules on import; selectors register history scopes.
        from . import permissions, selectors  # noqa: F401
        from .caching import connect

        connect()
