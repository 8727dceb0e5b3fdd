from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _forget_cached(sender, **kwargs) -> None:
    # Migrations load reference data (categories, factors) without model signals.
    from core.cache import forget_cached

    forget_cached()


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        post_migrate.connect(_forget_cached, sender=self, dispatch_uid="core-forget-cached")
