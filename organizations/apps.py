from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What an outside organisation sees of its own organisation's and people's history.
ORGANIZATION_FIELDS = {"name", "org_number", "email", "phone", "website", "contact_name"}
USER_FIELDS = {"email", "full_name", "roles", "title", "department", "language", "is_active"}


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organisations and users")

    def ready(self) -> None:
        from core import history

        from . import permissions, selectors  # noqa: F401 - permissions registers rules
        from .caching import connect
        from .models import Department, Network, NetworkInvitation, Organization, User

        history.register(
            Organization,
            selectors.organizations_for_user,
            supplier_selector=lambda user: Organization.objects.filter(pk=user.organization_id),
            supplier_fields=ORGANIZATION_FIELDS,
        )
        connect()
        history.register(
            User,
            selectors.users_for_user,
            supplier_selector=selectors.users_for_user,
            supplier_fields=USER_FIELDS,
        )
        history.register(Network, selectors.networks_for_user)
        history.register(NetworkInvitation, selectors.network_invitations_for_user)
        history.register(Department, selectors.departments_for_user)
