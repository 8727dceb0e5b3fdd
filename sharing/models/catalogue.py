"""What listings are described with: categories, impact factors, pick-up locations."""

import pghistory
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization


class Category(models.Model):
    """A node of the category tree, e.g. furniture > chairs > office chair."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=300, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.label

    @property
    def name(self) -> str:
        from django.utils import translation

        return self.name_en if translation.get_language() == "en" else self.name_sv

    @property
    def label(self) -> str:
        return ("— " * self.depth) + self.name


@pghistory.track()
class ImpactFactor(models.Model):
    """What one reused unit of a category avoids. Edited by admins; every edit bumps
    `version`, and completed reuses keep the figures they were counted with."""

    category = models.OneToOneField(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="factor"
    )
    kg_co2e_per_unit = models.DecimalField(
        _("kg CO2e avoided per unit"), max_digits=9, decimal_places=2
    )
    new_price_sek = models.DecimalField(
        _("price of a new unit (SEK)"), max_digits=12, decimal_places=2, default=0
    )
    source = models.CharField(_("source"), max_length=400, blank=True)
    source_year = models.CharField(_("source year"), max_length=20, blank=True)
    note = models.CharField(_("note"), max_length=400, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("impact factor")
        verbose_name_plural = _("impact factors")
        ordering = ["category__path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kg_co2e_per_unit__gte=0) & Q(new_price_sek__gte=0),
                name="sharing_factor_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.category.path} (v{self.version})"


@pghistory.track()
class Location(models.Model):
    """A building of a municipality, with coordinates for "nearest first"."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="sharing_locations",
    )
    name = models.CharField(_("building"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    is_primary = models.BooleanField(
        _("main location"), default=False, help_text=_("Used as the municipality's position.")
    )

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["organization__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="sharing_location_name"),
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(is_primary=True),
                name="sharing_location_one_primary",
            ),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="sharing_location_coordinates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.address}"
