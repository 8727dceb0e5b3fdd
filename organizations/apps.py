from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organisations and users")

    def ready(self) -> None:
        from core import history

        from . import permissions, selectors  # noqa: F401 - permissions registers rules
        from .caching import connect
        from .models import Organization, User

        history.register(Organization, selectors.organizations_for_user)
        connect()
        history.register(User, selectors.users_for_user)
