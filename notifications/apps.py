from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _outbox_waiting() -> int:
    from .models import OutboxEmail

    return OutboxEmail.objects.filter(state="pending").count()


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from core.health import register_waiting

        register_waiting("outbox_waiting", _outbox_waiting)
