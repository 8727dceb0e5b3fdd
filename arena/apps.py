from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArenaConfig(AppConfig):
    name = "arena"
    verbose_name = _("Network arena")

    def ready(self) -> None:
        from core.cache import invalidate_on_change
        from procurements.models import ProcurementCase
        from projects.models import Subproject

        from . import models, permissions, selectors  # noqa: F401
        from .dashboard import CARDS

        invalidate_on_change(
            CARDS, models.Event, models.Registration, models.Lesson, ProcurementCase, Subproject
        )
