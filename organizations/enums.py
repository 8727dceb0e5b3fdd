from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("Staff")
    OFFICER = "officer", _("Procurement officer")
    COORDINATOR = "coordinator", _("Coordinator")
    LOGISTICS = "logistics", _("Logistics")
    EVALUATOR = "evaluator", _("Evaluator")
    SUPPLIER = "supplier", _("Supplier")
    ADMIN = "admin", _("Administrator")
    EXTERNAL = "external", _("External participant")


MUNICIPAL_ROLES = (
    Role.STAFF,
    Role.OFFICER,
    Role.COORDINATOR,
    Role.LOGISTICS,
    Role.EVALUATOR,
    Role.ADMIN,
)
SUPPLIER_ROLES = (Role.SUPPLIER, Role.ADMIN)
PLATFORM_ROLES = (Role.ADMIN,)
EXTERNAL_ROLES = (Role.EXTERNAL, Role.ADMIN)


class OrganizationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    SUPPLIER = "supplier", _("Supplier")
    PLATFORM = "platform", _("Platform operator")
    AUTHORITY = "authority", _("Authority")
    REGION = "region", _("Region")
    FUNDER = "funder", _("Funder")
    RESEARCH = "research", _("Research organisation")
    CONSULTANCY = "consultancy", _("Consultancy")


# Organisations outside the municipalities and suppliers (Upphandlingsmyndigheten,
# Region Skåne, Vinnova, a university, an innovation consultant). Their users see only
# the projects, groups and events they are invited to (projects/, arena/); every other
# app's selectors scope them out because they are neither municipal nor suppliers.
EXTERNAL_KINDS = (
    OrganizationKind.AUTHORITY,
    OrganizationKind.REGION,
    OrganizationKind.FUNDER,
    OrganizationKind.RESEARCH,
    OrganizationKind.CONSULTANCY,
)

# What the platform operator onboards through its page (not itself).
ONBOARD_KINDS = (OrganizationKind.MUNICIPALITY, OrganizationKind.SUPPLIER, *EXTERNAL_KINDS)


ROLES_BY_KIND = {
    OrganizationKind.MUNICIPALITY: MUNICIPAL_ROLES,
    OrganizationKind.SUPPLIER: SUPPLIER_ROLES,
    OrganizationKind.PLATFORM: PLATFORM_ROLES,
    **dict.fromkeys(EXTERNAL_KINDS, EXTERNAL_ROLES),
}


class Visibility(models.TextChoices):
    """Who may see an object that belongs to an organisation."""

    OWN = "own", _("Own municipality")
    NETWORK = "network", _("The network")
    ALL = "all", _("All municipalities")


class NetworkInvitationState(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RegistrationState(models.TextChoices):
    """A supplier that registered itself waits for the platform operator's approval."""

    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")
