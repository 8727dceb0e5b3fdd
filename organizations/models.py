import pghistory
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from .enums import (
    EXTERNAL_KINDS,
    NetworkInvitationState,
    OrganizationKind,
    RegistrationState,
    Role,
)
from .validators import validate_municipality_code, validate_org_number


@pghistory.track()
class Organization(TimeStampedModel):
    """A municipality, a supplier or the platform operator: the tenancy boundary."""

    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    municipality_code = models.CharField(
        _("municipality code"),
        max_length=4,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_municipality_code],
        help_text=_("Four digits (kommunkod), e.g. 1286 for Ystad."),
    )
    county_code = models.CharField(_("county code"), max_length=2, blank=True)
    county_name = models.CharField(_("county"), max_length=100, blank=True)
    org_number = models.CharField(
        _("organisation number"),
        max_length=11,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_org_number],
        help_text=_("Ten digits, e.g. 556677-8899."),
    )
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    registration_state = models.CharField(
        _("self-registration"),
        max_length=20,
        choices=RegistrationState.choices,
        blank=True,
        default="",
        help_text=_("Set for a supplier that registered itself."),
    )
    registration_note = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="municipality")
                | models.Q(municipality_code__isnull=False),
                name="org_municipality_has_code",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="supplier") | models.Q(org_number__isnull=False),
                name="org_supplier_has_org_number",
            ),
            models.CheckConstraint(
                condition=models.Q(municipality_code__regex=r"^[0-9]{4}$")
                | models.Q(municipality_code__isnull=True),
                name="org_municipality_code_format",
            ),
            models.CheckConstraint(
                condition=models.Q(org_number__regex=r"^[0-9]{6}-[0-9]{4}$")
                | models.Q(org_number__isnull=True),
                name="org_number_format",
            ),
        ]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organizations:organization-detail", kwargs={"slug": self.slug})

    @property
    def is_municipality(self) -> bool:
        return self.kind == OrganizationKind.MUNICIPALITY

    @property
    def is_supplier(self) -> bool:
        return self.kind == OrganizationKind.SUPPLIER

    @property
    def is_external(self) -> bool:
        """An authority, region, funder, research organisation or consultancy."""
        return self.kind in EXTERNAL_KINDS


class MunicipalityManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=OrganizationKind.MUNICIPALITY)


class SupplierManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=OrganizationKind.SUPPLIER)


class Municipality(Organization):
    objects = MunicipalityManager()

    class Meta:
        proxy = True
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def save(self, *args, **kwargs):
        self.kind = OrganizationKind.MUNICIPALITY
        super().save(*args, **kwargs)


class Supplier(Organization):
    objects = SupplierManager()

    class Meta:
        proxy = True
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")

    def save(self, *args, **kwargs):
        self.kind = OrganizationKind.SUPPLIER
        super().save(*args, **kwargs)


@pghistory.track()
class Network(TimeStampedModel):
    """A named group of municipalities that work together, e.g. Innovationsupphandling Syd."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        Organization,
        verbose_name=_("member municipalities"),
        related_name="networks",
        limit_choices_to={"kind": OrganizationKind.MUNICIPALITY},
        blank=True,
    )

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organizations:network-detail", kwargs={"slug": self.slug})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("roles", [Role.ADMIN])
        return self._create(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


@pghistory.track(exclude=["password", "last_login", "session_epoch"])
class User(AbstractBaseUser, PermissionsMixin):
    """A person. Logs in with e-mail; belongs to one organisation with one or more roles."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    roles = ArrayField(
        models.CharField(max_length=20, choices=Role.choices),
        verbose_name=_("roles"),
        default=list,
        blank=True,
    )
    title = models.CharField(_("job title"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=[("sv", _("Swedish")), ("en", _("English"))],
        default="sv",
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("Django admin access"),
        default=False,
        help_text=_("May use the technical administration site."),
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Raised whenever the person's access is cut (deactivation of them or their
    # organisation): it is part of the session hash, so every open session ends at once.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(roles__contained_by=[r.value for r in Role]),
                name="user_roles_known",
            ),
        ]
        indexes = [models.Index(fields=["organization"])]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_absolute_url(self) -> str:
        return reverse("organizations:profile")

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name or self.email).split(" ")[0]

    def _get_session_auth_hash(self, secret=None) -> str:
        """The password and the session epoch: a new password or a cut of access (see
        `session_epoch`) ends every session signed with the old hash."""
        return salted_hmac(
            "organizations.User.get_session_auth_hash",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def may_sign_in(self) -> bool:
        """Whether this person may use Samverka now (pages, API tokens): the account is
        active and so is its organisation, whose registration is not waiting or refused."""
        if not self.is_active:
            return False
        org = self.organization
        if org is None:
            return True
        return org.is_active and org.registration_state not in (
            RegistrationState.PENDING,
            RegistrationState.REJECTED,
        )

    def has_role(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def is_platform_admin(self) -> bool:
        if self.is_superuser:
            return True
        org = self.organization
        return (
            Role.ADMIN in self.roles and org is not None and org.kind == OrganizationKind.PLATFORM
        )

    @property
    def is_municipal(self) -> bool:
        return self.organization is not None and self.organization.is_municipality

    @property
    def is_supplier_user(self) -> bool:
        return self.organization is not None and self.organization.is_supplier

    @property
    def is_external_user(self) -> bool:
        """A person of an external organisation: sees only what they are invited to."""
        return self.organization is not None and self.organization.is_external

    @cached_property
    def network_organization_ids(self) -> list[int]:
        """Ids of the municipalities that share a network with this user's (own included)."""
        if not self.organization_id:
            return []
        from .selectors import network_organization_ids

        return network_organization_ids(self.organization_id)

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in self.roles if role in Role.values]


@pghistory.track(exclude=["token_hash"])
class Invitation(TimeStampedModel):
    """An e-mailed, expiring, single-use link that lets a person set a password and join."""

    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    roles = ArrayField(
        models.CharField(max_length=20, choices=Role.choices), verbose_name=_("roles")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        related_name="invitations_sent",
        null=True,
    )
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_user = models.OneToOneField(
        User,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="invitation",
        null=True,
        blank=True,
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(roles__len__gt=0), name="invitation_has_roles"
            ),
            models.CheckConstraint(
                condition=models.Q(roles__contained_by=[r.value for r in Role]),
                name="invitation_roles_known",
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired


@pghistory.track()
class NetworkInvitation(TimeStampedModel):
    """A network's invitation to a municipality; the municipality's administrator answers."""

    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="network_invitations",
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=NetworkInvitationState.choices,
        default=NetworkInvitationState.PENDING,
    )
    message = models.TextField(_("message"), blank=True)
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        related_name="network_invitations_sent",
    )
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="network_invitations_decided",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("network invitation")
        verbose_name_plural = _("network invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organization"],
                condition=models.Q(state="pending"),
                name="network_invitation_one_pending",
            ),
            models.CheckConstraint(
                condition=models.Q(state="pending") | models.Q(decided_at__isnull=False),
                name="network_invitation_decided_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network} → {self.organization}"


@pghistory.track()
class Department(TimeStampedModel):
    """A department (förvaltning/enhet) of an organisation with its cost centre, offered on
    listings and internal invoices."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="departments",
    )
    name = models.CharField(_("name"), max_length=200)
    cost_centre = models.CharField(_("cost centre"), max_length=40, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["organization", "name"]
        constraints = [
            models.UniqueConstraint(
                "organization", Lower("name"), name="organization_department_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.cost_centre})" if self.cost_centre else self.name
