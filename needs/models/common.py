"""What the need models share: the search trigger and the configurable answers."""

import pgtrigger
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..enums import NeedStatus

SCALE_LIMIT = 10  # no round may score above this


def _search_trigger(name: str, weighted: list[tuple[str, str]]) -> pgtrigger.Trigger:
    """A BEFORE trigger that keeps `search_vector` in step with the text columns (Swedish)."""
    parts = " || ".join(
        f"setweight(to_tsvector('pg_catalog.swedish', {expr}), '{weight}')"
        for expr, weight in weighted
    )
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update,
        func=f"NEW.search_vector := {parts}; RETURN NEW;",
    )


class AnswerOption(models.Model):
    """A configurable answer an assessor gives a need (e.g. "not now"), with its effect."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label_sv = models.CharField(_("label (Swedish)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    resulting_status = models.CharField(
        _("resulting status"),
        max_length=20,
        choices=[
            (NeedStatus.IN_CHALLENGE.value, NeedStatus.IN_CHALLENGE.label),
            (NeedStatus.MERGED.value, NeedStatus.MERGED.label),
            (NeedStatus.SOLVED_OTHERWISE.value, NeedStatus.SOLVED_OTHERWISE.label),
            (NeedStatus.DEFERRED.value, NeedStatus.DEFERRED.label),
        ],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if translation.get_language() == "en" else self.label_sv
