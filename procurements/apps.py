from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementsConfig(AppConfig):
    name = "procurements"
    verbose_name = _("Procurements")

    def ready(self) -> None:
        from importlib.util import find_spec

        # Permissions register their rules on import; selectors register history scopes.
        for module in ("permissions", "selectors"):
            if find_spec(f"{self.name}.{module}") is not None:
                __import__(f"{self.name}.{module}")
        from . import checks  # noqa: F401 - checks register on import
        from .caching import connect

        connect()
