from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArenaConfig(AppConfig):
    name = "arena"
    verbose_name = _("Network arena")

    def ready(self) -> None:
        from core.cache import invalidate_on_change
        from procurements.models import ProcurementCase
        from projects.models import Subproject
        from projects.registry import register_event_source

        from . import models, permissions, selectors  # noqa: F401
        from .dashboard import CARDS

        register_event_source(selectors.events_with_counts_for_project)
        invalidate_on_change(
            CARDS, models.Event, models.Registration, models.Lesson, ProcurementCase, Subproject
        )
