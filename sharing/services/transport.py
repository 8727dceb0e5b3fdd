"""Transport tasks: assigned and done by logistics."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import acting_as

from ..enums import (
    InvoiceKind,
    TransportState,
)
from ..models import (
    TransportTask,
)
from .invoicing import _invoice

# --- Transport ------------------------------------------------------------------------


def transport_assign(*, user, task: TransportTask, assignee=None) -> TransportTask:
    if not user.has_perm("sharing.handle_transport", task):
        raise ValidationError(_("You may not handle this transport."))
    assignee = assignee or user
    if not assignee.has_role("logistics") or assignee.organization_id != user.organization_id:
        raise ValidationError(_("Assign the task to logistics staff of your municipality."))
    with transaction.atomic(), acting_as(user, reason="transport assigned"):
        task = TransportTask.objects.select_for_update().get(pk=task.pk)
        if task.state not in (TransportState.OPEN, TransportState.ASSIGNED):
            raise ValidationError(_("This transport is already done."))
        task.assignee = assignee
        task.state = TransportState.ASSIGNED
        task.save(update_fields=["assignee", "state", "updated_at"])
    return task


def transport_done(
    *, user, task: TransportTask, price_sek: Decimal = Decimal("0")
) -> TransportTask:
    """Mark a transport done and invoice it to the borrower (if it had a price)."""
    if not user.has_perm("sharing.handle_transport", task):
        raise ValidationError(_("You may not handle this transport."))
    if price_sek is None or Decimal(price_sek) < 0:
        raise ValidationError({"price_sek": _("The price cannot be negative.")})
    with transaction.atomic(), acting_as(user, reason="transport done"):
        task = TransportTask.objects.select_for_update().select_related("booking").get(pk=task.pk)
        if task.state == TransportState.DONE:
            raise ValidationError(_("This transport is already done."))
        task.state = TransportState.DONE
        task.done_at = timezone.now()
        task.price_sek = Decimal(price_sek)
        task.assignee = task.assignee or user
        task.save(update_fields=["state", "done_at", "price_sek", "assignee", "updated_at"])
        _invoice(
            task.booking,
            InvoiceKind.TRANSPORT,
            task.price_sek,
            f"Transport: {task.items}",
            timezone.localdate(),
        )
    return task
