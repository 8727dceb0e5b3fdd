from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organisations and users")

    def ready(self) -> None:
        from core import history
        from core.cache import invalidate_on_change

        from . import permissions, selectors  # noqa: F401 - permissions registers rules
        from .models import Department, Network, NetworkInvitation, Organization, User

        history.register(Organization, selectors.organizations_for_user)
        invalidate_on_change(selectors.PEOPLE, Organization, User)
        invalidate_on_change(selectors.NETWORKS, Network, Organization, Network.members.through)
        history.register(User, selectors.users_for_user)
        history.register(Network, selectors.networks_for_user)
        history.register(NetworkInvitation, selectors.network_invitations_for_user)
        history.register(Department, selectors.departments_for_user)
