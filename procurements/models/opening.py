"""The two-person opening: one official starts it, a second confirms in their own session.

One mechanism for everything sealed in a case (tenders, requests to participate, revised
and final tenders). A session is the opening protocol: who started it and when, who
confirmed it and when, and how many sealed items it unsealed. Nothing is unsealed until a
second, different authorised official confirms before `expires_at`; the database refuses
a confirmation by the starter, a confirmed session without its confirmer, and a second
live session for the same sealed set.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from ..enums import OpeningKind, OpeningStatus
from .case import ProcurementCase

LIVE_OPENING = models.Q(status__in=[OpeningStatus.PENDING, OpeningStatus.CONFIRMED])


class OpeningSession(TimeStampedModel):
    case = models.ForeignKey(
        ProcurementCase,
        verbose_name=_("procurement case"),
        on_delete=models.PROTECT,
        related_name="openings",
    )
    kind = models.CharField(_("what is opened"), max_length=20, choices=OpeningKind.choices)
    # "bids:<tender id>", "requests:<case id>", "round:<round id>": one sealed set.
    target_key = models.CharField(_("sealed set"), max_length=60, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=OpeningStatus.choices, default=OpeningStatus.PENDING
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started"))
    expires_at = models.DateTimeField(_("confirm before"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    opened_count = models.PositiveIntegerField(_("items opened"), null=True, blank=True)

    class Meta:
        verbose_name = _("opening")
        verbose_name_plural = _("openings")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["case", "-started_at"], name="opening_case_started")]
        constraints = [
            models.UniqueConstraint(
                fields=["target_key"], condition=LIVE_OPENING, name="opening_one_live_per_set"
            ),
            models.CheckConstraint(
                condition=models.Q(confirmed_by__isnull=True)
                | ~models.Q(confirmed_by=models.F("started_by")),
                name="opening_two_different_officials",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=OpeningStatus.CONFIRMED)
                | models.Q(
                    confirmed_by__isnull=False,
                    confirmed_at__isnull=False,
                    opened_count__isnull=False,
                    confirmed_at__lte=models.F("expires_at"),
                ),
                name="opening_confirmed_in_time_by_second",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("started_at")),
                name="opening_expires_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_pending(self) -> bool:
        return self.status == OpeningStatus.PENDING

    @property
    def is_confirmed(self) -> bool:
        return self.status == OpeningStatus.CONFIRMED
