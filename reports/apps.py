from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # Permissions register their rules on import; selectors register history scopes.
        from . import permissions, selectors  # noqa: F401
