from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArenaConfig(AppConfig):
    name = "arena"
    verbose_name = _("Network arena")

    def ready(self) -> None:
        from . import permissions, selectors  # noqa: F401
