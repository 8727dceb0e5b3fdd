from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = _("Sharing")

    def ready(self) -> None:
        from importlib.util import find_spec

        # Permissions register their rules on import; selectors register history scopes.
        for module in ("permissions", "selectors"):
            if find_spec(f"{self.name}.{module}") is not None:
                __import__(f"{self.name}.{module}")
        from .caching import connect

        connect()
