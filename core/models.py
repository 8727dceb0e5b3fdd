"""Cross-cutting model bases."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class CpvCode(models.Model):
    """Common Procurement Vocabulary (CPV 2008) main codes, in Swedish and English."""

    code = models.CharField(_("CPV code"), max_length=10, primary_key=True)
    label_sv = models.CharField(_("label (Swedish)"), max_length=400)
    label_en = models.CharField(_("label (English)"), max_length=400)

    class Meta:
        verbose_name = _("CPV code")
        verbose_name_plural = _("CPV codes")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        from django.utils import translation

        return self.label_en if translation.get_language() == "en" else self.label_sv

    @property
    def division(self) -> str:
        """The first two digits: the division (e.g. 39 furniture)."""
        return self.code[:2]
