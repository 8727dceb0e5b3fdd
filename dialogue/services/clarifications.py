"""Questions and answers on an RFI (clarifications), and their notices."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import acting_as
from core.tasks import enqueue_on_commit
from notifications.services import notify

from .. import selectors
from ..enums import (
    Direction,
)
from ..models import (
    Clarification,
    Rfi,
)
from .common import _in_default_language, _log, _require, _supplier_users, _title


def clarification_ask(*, rfi: Rfi, user, question: str) -> Clarification:
    """A supplier asks a question on an RFI it is invited to, before the deadline.

    Side effects: a logged message from the supplier; a notice to the RFI's author.
    """
    from ..tasks import notify_clarification_asked

    if not question.strip():
        raise ValidationError({"question": _("Write your question.")})
    if not selectors.rfis_for_user(user).filter(pk=rfi.pk).exists():
        raise PermissionDenied(_("Your company is not invited to this request."))
    if not user.has_perm("dialogue.ask_clarification", rfi):
        raise ValidationError(_("Questions can be asked only before the deadline."))
    with transaction.atomic(), acting_as(user, reason="question asked"):
        clarification = Clarification.objects.create(
            rfi=rfi, supplier=user.organization, asked_by=user, question=question.strip()
        )
        _log(
            anchor_of=rfi,
            direction=Direction.FROM_SUPPLIER,
            subject=_in_default_language(gettext_lazy("Question on %(title)s"))
            % {"title": rfi.title},
            body=clarification.question,
            supplier=user.organization,
            author=user,
            rfi=rfi,
        )
        enqueue_on_commit(notify_clarification_asked, clarification.pk)
    return clarification


def clarification_answer(
    *, clarification: Clarification, by, answer: str, question: str | None = None
) -> Clarification:
    """Answer a supplier's question and publish it to every invited supplier at once.

    The officer may rephrase the question (e.g. to remove what identifies the asker);
    the asker is never shown to the others.
    Side effects: a logged message to all invited suppliers; notices (after commit).
    """
    from ..tasks import publish_clarification

    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    with transaction.atomic(), acting_as(by, reason="question answered"):
        clarification = Clarification.objects.select_for_update().get(pk=clarification.pk)
        _require(by, "dialogue.answer_clarification", clarification.rfi)
        if clarification.published_at:
            raise ValidationError(_("This question has already been answered."))
        if question is not None and question.strip():
            clarification.question = question.strip()
        clarification.answer = answer.strip()
        clarification.answered_by = by
        clarification.published_at = timezone.now()
        clarification.save(
            update_fields=["question", "answer", "answered_by", "published_at", "updated_at"]
        )
        _log(
            anchor_of=clarification.rfi,
            direction=Direction.TO_SUPPLIER,
            subject=_in_default_language(gettext_lazy("Answer published to all: %(title)s"))
            % {"title": clarification.rfi.title},
            body=f"{clarification.question}\n\n{clarification.answer}",
            author=by,
            rfi=clarification.rfi,
        )
        enqueue_on_commit(publish_clarification, clarification.pk)
    return clarification


def clarification_notify_asked(*, clarification_id: int) -> int:
    clarification = Clarification.objects.select_related("rfi").filter(pk=clarification_id).first()
    if clarification is None:
        return 0
    rfi = clarification.rfi
    recipients = {rfi.created_by}
    if rfi.published_by:
        recipients.add(rfi.published_by)
    for user in recipients:
        notify(
            recipient=user,
            event="dialogue.clarification_asked",
            title=_title(user, gettext_lazy("A supplier asked a question on %(title)s"), rfi.title),
            body=clarification.question,
            url=clarification.get_absolute_url(),
            dedupe_key=f"dialogue.clarification_asked:{clarification.pk}",
        )
    return len(recipients)


def clarification_publish_notify(*, clarification_id: int) -> int:
    """Tell every user of every invited supplier that an answer is published."""
    clarification = (
        Clarification.objects.select_related("rfi")
        .filter(pk=clarification_id, published_at__isnull=False)
        .first()
    )
    if clarification is None:
        return 0
    rfi = clarification.rfi
    supplier_ids = set(rfi.invitations.values_list("supplier_id", flat=True))
    users = _supplier_users(supplier_ids)
    for user in users:
        notify(
            recipient=user,
            event="dialogue.clarification_published",
            title=_title(user, gettext_lazy("New answer to a question on %(title)s"), rfi.title),
            body=f"{clarification.question}\n\n{clarification.answer}",
            url=clarification.get_absolute_url(),
            dedupe_key=f"dialogue.clarification_published:{clarification.pk}",
        )
    return len(users)
