from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementsConfig(AppConfig):
    name = "procurements"
    verbose_name = _("Procurements")

    def ready(self) -> None:
        # Permissions register their rules on import; selectors register history scopes;
        # checks register on import.
        from . import checks, permissions, selectors  # noqa: F401
        from .caching import connect

        connect()
