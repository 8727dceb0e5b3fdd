"""Writes for needs, challenges, workshops and prioritisation rounds.

Every function is keyword-only, validates, runs in a transaction with the acting user
recorded in the history, and raises `ValidationError` with a translated message.
Notifications and e-mails are stored in the same transaction and sent after commit.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import acting_as
from core.tasks import enqueue_on_commit
from notifications.services import notify

from .enums import (
    DEFAULT_ANSWER_OPTIONS,
    DEFAULT_CRITERIA,
    NEED_ALLOWED_TRANSITIONS,
    OPEN_STATUSES,
    REASON_REQUIRED,
    ROUND_ALLOWED_TRANSITIONS,
    NeedStatus,
    RoundStatus,
)
from .models import (
    AnswerOption,
    AssessmentNote,
    Challenge,
    ChallengeParticipation,
    Need,
    NeedAssessor,
    NeedAttachment,
    NeedComment,
    PriorityCriterion,
    PriorityRound,
    PriorityScore,
    RoundChallenge,
    Workshop,
    WorkshopParticipant,
)

NEED_TEXT_FIELDS = ("title", "problem", "affected", "current_cost", "desired_effect")


def _lazy(message, params: dict):
    """A message translated (and filled in) only when rendered, in the reader's language."""
    return lazy(lambda: str(message) % {k: str(v) for k, v in params.items()}, str)()


def _require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do that."))


def _clean_need_fields(fields: dict) -> dict:
    cleaned = {key: (fields.get(key) or "").strip() for key in NEED_TEXT_FIELDS if key in fields}
    errors = {}
    if "title" in cleaned and not cleaned["title"]:
        errors["title"] = _("Give the need a short title.")
    if "problem" in cleaned and not cleaned["problem"]:
        errors["problem"] = _("Describe the problem in your own words.")
    if errors:
        raise ValidationError(errors)
    if "department" in fields:
        cleaned["department"] = fields["department"]
    return cleaned


def answer_options_ensure() -> None:
    """Make sure the default answer options exist (they are configurable afterwards)."""
    for code, label_sv, label_en, status, order in DEFAULT_ANSWER_OPTIONS:
        AnswerOption.objects.get_or_create(
            code=code,
            defaults={
                "label_sv": label_sv,
                "label_en": label_en,
                "resulting_status": status,
                "order": order,
            },
        )


def _option_for(status: str) -> AnswerOption:
    option = AnswerOption.objects.filter(resulting_status=status, is_active=True).first()
    if option is None:
        answer_options_ensure()
        option = AnswerOption.objects.filter(resulting_status=status).first()
    return option


# --- Needs ------------------------------------------------------------------------------


def need_create(*, author, submit: bool = False, **fields) -> Need:
    """A member of staff writes a need for their own municipality (a draft unless `submit`)."""
    _require(author, "needs.add_need")
    cleaned = _clean_need_fields({"title": "", "problem": "", **fields})
    with transaction.atomic(), acting_as(author, reason="need written"):
        need = Need.objects.create(organization_id=author.organization_id, author=author, **cleaned)
        if submit:
            need = need_transition(need=need, to=NeedStatus.SUBMITTED, by=author)
    return need


def need_update(*, need: Need, by, **fields) -> Need:
    """The author edits a draft."""
    _require(by, "needs.change_need", need)
    cleaned = _clean_need_fields(fields)
    with transaction.atomic(), acting_as(by, reason="need edited"):
        for key, value in cleaned.items():
            setattr(need, key, value)
        need.save(update_fields=[*cleaned.keys(), "updated_at"])
    return need


def need_transition(
    *,
    need: Need,
    to: str,
    by,
    reason: str = "",
    merged_into: Need | None = None,
    challenge: Challenge | None = None,
    answer: AnswerOption | None = None,
) -> Need:
    """The one way a need changes status.

    Locks the row, checks NEED_ALLOWED_TRANSITIONS and the move's own rules (a reason
    where one is required, a survivor for a merge in the same network, a challenge for
    "taken into a challenge"), records who and why in the history, and notifies the
    author of every move after submission (in-app and by e-mail, after commit).
    """
    reason = (reason or "").strip()
    with transaction.atomic(), acting_as(by, reason=reason or f"need {to}"):
        need = Need.objects.select_for_update().select_related("organization").get(pk=need.pk)
        if to not in NEED_ALLOWED_TRANSITIONS.get(need.status, set()):
            raise ValidationError(
                _("A need that is “%(from)s” cannot become “%(to)s”.")
                % {"from": NeedStatus(need.status).label, "to": NeedStatus(to).label},
                code="transition",
            )
        if to in REASON_REQUIRED and not reason:
            raise ValidationError({"reason": _("Give a reason; the submitter will see it.")})
        update = ["status", "status_reason", "updated_at"]
        need.merged_into = None
        if to == NeedStatus.SUBMITTED:
            if not need.problem.strip():
                raise ValidationError({"problem": _("Describe the problem in your own words.")})
            need.submitted_at = need.submitted_at or timezone.now()
            update.append("submitted_at")
        if to == NeedStatus.MERGED:
            _check_merge_target(need, merged_into, by)
            need.merged_into = merged_into
        update.append("merged_into")
        if to == NeedStatus.IN_CHALLENGE:
            if challenge is None:
                raise ValidationError({"challenge": _("Choose the challenge.")})
            need.challenge = challenge
            update.append("challenge")
        if answer is not None:
            need.answer = answer
            need.answered_at = timezone.now()
            need.answered_by = by
            update += ["answer", "answered_at", "answered_by"]
        previous = need.status
        need.status = to
        need.status_reason = reason if to != NeedStatus.SUBMITTED else ""
        try:
            with transaction.atomic():
                need.save(update_fields=update)
        except IntegrityError as exc:
            raise ValidationError(_("The need could not be changed that way.")) from exc
        if previous != NeedStatus.DRAFT and need.author_id != by.pk:
            notify(
                recipient=need.author,
                event="needs.need_answered",
                title=_lazy(
                    gettext_lazy("Your need “%(title)s” was answered: %(status)s"),
                    {"title": need.title, "status": NeedStatus(to).label},
                ),
                body=reason,
                url=need.get_absolute_url(),
                dedupe_key=f"needs.need:{need.pk}:{to}:{need.updated_at.isoformat()}",
            )
    return need


def _check_merge_target(need: Need, target: Need | None, by) -> None:
    from .selectors import needs_for_user

    if target is None:
        raise ValidationError({"merged_into": _("Choose the need to merge into.")})
    if target.pk == need.pk:
        raise ValidationError({"merged_into": _("A need cannot be merged into itself.")})
    if not needs_for_user(by).filter(pk=target.pk).exists() or (
        target.organization_id not in _network_org_ids(need.organization_id)
    ):
        raise ValidationError(
            {"merged_into": _("A need can only be merged into a need of the same network.")}
        )
    if target.status in (NeedStatus.DRAFT, NeedStatus.MERGED, NeedStatus.REJECTED):
        raise ValidationError(
            {"merged_into": _("Merge into a submitted need that is still alive.")}
        )


def _network_org_ids(organization_id: int) -> set[int]:
    from organizations.models import Network

    through = Network.members.through
    ids = set(
        through.objects.filter(
            network__in=through.objects.filter(organization_id=organization_id).values("network_id")
        ).values_list("organization_id", flat=True)
    )
    return ids | {organization_id}


def need_submit(*, need: Need, by) -> Need:
    _require(by, "needs.submit_need", need)
    return need_transition(need=need, to=NeedStatus.SUBMITTED, by=by)


def need_reject(*, need: Need, by, reason: str) -> Need:
    _require(by, "needs.assess_need", need)
    return need_transition(need=need, to=NeedStatus.REJECTED, by=by, reason=reason)


def need_merge(*, need: Need, into: Need | None, by, reason: str) -> Need:
    _require(by, "needs.assess_need", need)
    option = _option_for(NeedStatus.MERGED)
    return need_transition(
        need=need, to=NeedStatus.MERGED, by=by, reason=reason, merged_into=into, answer=option
    )


def need_answer(
    *,
    need: Need,
    by,
    option: AnswerOption,
    reason: str,
    challenge: Challenge | None = None,
    merged_into: Need | None = None,
) -> Need:
    """An assessor answers a need with one of the configured options (always with a reason)."""
    _require(by, "needs.assess_need", need)
    if option is None or not option.is_active:
        raise ValidationError({"option": _("Choose an answer.")})
    return need_transition(
        need=need,
        to=option.resulting_status,
        by=by,
        reason=reason,
        challenge=challenge,
        merged_into=merged_into,
        answer=option,
    )


def need_comment_add(*, need: Need, author, body: str) -> NeedComment:
    _require(author, "needs.comment_need", need)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment.")})
    with transaction.atomic():
        comment = NeedComment.objects.create(need=need, author=author, body=body)
        if need.author_id != author.pk:
            notify(
                recipient=need.author,
                event="needs.need_commented",
                title=_lazy(
                    gettext_lazy("New comment on your need “%(title)s”"), {"title": need.title}
                ),
                body=body[:500],
                url=need.get_absolute_url(),
                email=False,
                dedupe_key=f"needs.comment:{comment.pk}",
            )
    return comment


def need_attachment_add(*, need: Need, by, upload) -> NeedAttachment:
    from core.files import validate_upload

    _require(by, "needs.attach_need", need)
    try:
        content_type = validate_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    return NeedAttachment.objects.create(
        need=need,
        file=upload,
        name=upload.name[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )


def assessor_assign(*, need: Need, assessor, by) -> NeedAssessor:
    """A coordinator asks someone in the network to assess a need; they are notified."""
    _require(by, "needs.assign_assessors", need)
    if not assessor.is_municipal or assessor.organization_id not in _network_org_ids(
        need.organization_id
    ):
        raise ValidationError({"assessor": _("The assessor must work in the network.")})
    try:
        with transaction.atomic(), acting_as(by, reason="assessor assigned"):
            row = NeedAssessor.objects.create(need=need, assessor=assessor, assigned_by=by)
    except IntegrityError as exc:
        raise ValidationError(
            {"assessor": _("%(name)s already assesses this need.") % {"name": assessor}}
        ) from exc
    notify(
        recipient=assessor,
        event="needs.assessor_assigned",
        title=_lazy(gettext_lazy("Please assess the need “%(title)s”"), {"title": need.title}),
        url=need.get_absolute_url(),
        dedupe_key=f"needs.assessor:{row.pk}",
    )
    return row


def assessor_remove(*, need: Need, assessor, by) -> None:
    _require(by, "needs.assign_assessors", need)
    NeedAssessor.objects.filter(need=need, assessor=assessor).delete()


def assessment_note_add(
    *, need: Need, author, body: str, parent: AssessmentNote | None = None
) -> AssessmentNote:
    _require(author, "needs.note_need", need)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a note.")})
    if parent is not None and parent.need_id != need.pk:
        raise ValidationError({"parent": _("Reply to a note on the same need.")})
    return AssessmentNote.objects.create(need=need, author=author, body=body, parent=parent)


# --- Challenges -------------------------------------------------------------------------


def challenge_create(
    *,
    by,
    title: str,
    description: str = "",
    expected_effect: str = "",
    owner_organization=None,
    network=None,
    owner=None,
    needs: Iterable[Need] = (),
) -> Challenge:
    """Create a challenge; the given needs are taken into it (and their authors told)."""
    _require(by, "needs.add_challenge")
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the challenge a title.")})
    owner_organization = owner_organization or by.organization
    if not owner_organization.is_municipality or (
        not by.is_platform_admin and owner_organization.pk not in by.network_organization_ids
    ):
        raise ValidationError(
            {"owner_organization": _("The need owner must be a municipality in your network.")}
        )
    if network is None:
        network = owner_organization.networks.order_by("pk").first()
    elif not network.members.filter(pk=owner_organization.pk).exists():
        raise ValidationError(
            {"network": _("The need owner's municipality is not a member of that network.")}
        )
    with transaction.atomic(), acting_as(by, reason="challenge created"):
        challenge = Challenge.objects.create(
            title=title,
            description=(description or "").strip(),
            expected_effect=(expected_effect or "").strip(),
            owner_organization=owner_organization,
            network=network,
            owner=owner,
            created_by=by,
        )
        option = _option_for(NeedStatus.IN_CHALLENGE)
        for need in needs:
            if need.status in OPEN_STATUSES:
                need_transition(
                    need=need,
                    to=NeedStatus.IN_CHALLENGE,
                    by=by,
                    reason=_("Taken into the challenge “%(title)s”.") % {"title": title},
                    challenge=challenge,
                    answer=option,
                )
    return challenge


def challenge_update(*, challenge: Challenge, by, **fields) -> Challenge:
    _require(by, "needs.change_challenge", challenge)
    allowed = {"title", "description", "expected_effect", "owner"}
    if "title" in fields and not (fields["title"] or "").strip():
        raise ValidationError({"title": _("Give the challenge a title.")})
    with transaction.atomic(), acting_as(by, reason="challenge edited"):
        changed = []
        for key, value in fields.items():
            if key in allowed:
                setattr(challenge, key, value.strip() if isinstance(value, str) else value)
                changed.append(key)
        challenge.save(update_fields=[*changed, "updated_at"])
    return challenge


def challenge_join(*, challenge: Challenge, by, note: str = "") -> ChallengeParticipation:
    """The user's municipality declares "we have this need too" (once per municipality)."""
    _require(by, "needs.join_challenge", challenge)
    try:
        with transaction.atomic(), acting_as(by, reason="we have this need too"):
            row = ChallengeParticipation.objects.create(
                challenge=challenge,
                organization_id=by.organization_id,
                note=(note or "").strip()[:500],
                declared_by=by,
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("%(org)s has already said it has this need.") % {"org": by.organization}
        ) from exc
    if challenge.owner_id and challenge.owner_id != by.pk:
        notify(
            recipient=challenge.owner,
            event="needs.challenge_joined",
            title=_lazy(
                gettext_lazy("%(org)s has the need “%(title)s” too"),
                {"org": by.organization.name, "title": challenge.title},
            ),
            body=row.note,
            url=challenge.get_absolute_url(),
            email=False,
            dedupe_key=f"needs.participation:{row.pk}",
        )
    return row


def challenge_leave(*, challenge: Challenge, by) -> None:
    ChallengeParticipation.objects.filter(
        challenge=challenge, organization_id=by.organization_id
    ).delete()


def challenge_start_procurement(*, challenge: Challenge, by, title: str = ""):
    """Open a procurement case from a chosen challenge, linked both ways.

    The lead is the need owner; the participants are the municipalities that declared
    "we have this need too"; the challenge's needs come along.
    """
    from procurements.services import procurement_create

    _require(by, "needs.start_procurement", challenge)
    participants = [p.organization for p in challenge.participations.select_related("organization")]
    return procurement_create(
        created_by=by,
        title=(title or challenge.title).strip(),
        lead_organization=challenge.owner_organization,
        participating_organizations=participants,
        challenges=[challenge],
        needs=list(challenge.needs.all()),
    )


# --- Workshops --------------------------------------------------------------------------


def _check_workshop(fields: dict) -> None:
    errors = {}
    if not (fields.get("title") or "").strip():
        errors["title"] = _("Give the workshop a title.")
    starts, ends = fields.get("starts_at"), fields.get("ends_at")
    if starts and ends and ends <= starts:
        errors["ends_at"] = _("The workshop must end after it starts.")
    if not (fields.get("place") or "").strip() and not (fields.get("online_link") or "").strip():
        errors["place"] = _("Give a place or a link to the meeting.")
    if errors:
        raise ValidationError(errors)


def workshop_create(
    *,
    by,
    network,
    participants: Iterable = (),
    needs: Iterable[Need] = (),
    challenges: Iterable[Challenge] = (),
    **fields,
) -> Workshop:
    """A coordinator plans a workshop; every participant is invited by e-mail after commit."""
    _require(by, "needs.add_workshop")
    if not by.is_platform_admin and not network.members.filter(pk=by.organization_id).exists():
        raise ValidationError({"network": _("Choose one of your networks.")})
    _check_workshop(fields)
    with transaction.atomic(), acting_as(by, reason="workshop planned"):
        workshop = Workshop.objects.create(network=network, organizer=by, **fields)
        workshop.needs.set(needs)
        workshop.challenges.set(challenges)
        _workshop_add_participants(workshop, participants)
    return workshop


def workshop_update(
    *, workshop: Workshop, by, participants=None, needs=None, challenges=None, **fields
) -> Workshop:
    """Edit a workshop; newly added participants are invited."""
    _require(by, "needs.change_workshop", workshop)
    merged = {
        key: getattr(workshop, key)
        for key in ("title", "starts_at", "ends_at", "place", "online_link")
    }
    merged.update(fields)
    _check_workshop(merged)
    with transaction.atomic(), acting_as(by, reason="workshop edited"):
        for key, value in fields.items():
            setattr(workshop, key, value)
        if fields:
            workshop.sequence += 1  # the calendar file replaces the old copy
            workshop.save(update_fields=[*fields.keys(), "sequence", "updated_at"])
        if needs is not None:
            workshop.needs.set(needs)
        if challenges is not None:
            workshop.challenges.set(challenges)
        if participants is not None:
            keep = {u.pk for u in participants}
            workshop.participations.exclude(user_id__in=keep).delete()
            _workshop_add_participants(workshop, participants)
    return workshop


def _workshop_add_participants(workshop: Workshop, participants: Iterable) -> None:
    from .tasks import send_workshop_invitation

    existing = set(workshop.participations.values_list("user_id", flat=True))
    for user in participants:
        if user.pk in existing:
            continue
        row = WorkshopParticipant.objects.create(workshop=workshop, user=user)
        enqueue_on_commit(send_workshop_invitation, row.pk)


def workshop_record_outcome(
    *, workshop: Workshop, by, outcome_notes: str, needs=None, challenges=None
) -> Workshop:
    return workshop_update(
        workshop=workshop,
        by=by,
        outcome_notes=(outcome_notes or "").strip(),
        needs=needs,
        challenges=challenges,
    )


def workshop_send_invitation(*, participant_id: int) -> bool:
    """E-mail one invitation, once (claimed with a conditional update). Used by the task."""
    claimed = WorkshopParticipant.objects.filter(
        pk=participant_id, invitation_sent_at__isnull=True
    ).update(invitation_sent_at=timezone.now())
    if claimed != 1:
        return False
    row = WorkshopParticipant.objects.select_related("workshop", "user").get(pk=participant_id)
    _workshop_email(row, "workshop_invitation", f"needs.workshop-invitation:{row.pk}")
    return True


def workshop_send_reminder(*, participant_id: int) -> bool:
    claimed = WorkshopParticipant.objects.filter(
        pk=participant_id, reminder_sent_at__isnull=True, workshop__cancelled_at__isnull=True
    ).update(reminder_sent_at=timezone.now())
    if claimed != 1:
        return False
    row = WorkshopParticipant.objects.select_related("workshop", "user").get(pk=participant_id)
    _workshop_email(row, "workshop_reminder", f"needs.workshop-reminder:{row.pk}")
    return True


def _workshop_email(row: WorkshopParticipant, template: str, dedupe_key: str) -> None:
    from django.conf import settings

    from notifications.services import email_enqueue

    user, workshop = row.user, row.workshop
    if not user.is_active or not user.email:
        return
    email_enqueue(
        to=user.email,
        template=f"emails/needs/{template}",
        context={
            "workshop": workshop,
            "user": user,
            "url": settings.SITE_URL + workshop.get_absolute_url(),
        },
        language=user.language or settings.LANGUAGE_CODE,
        dedupe_key=dedupe_key,
    )


# --- Prioritisation ---------------------------------------------------------------------


def round_create(
    *,
    by,
    network,
    title: str,
    challenges: Iterable[Challenge],
    participants: Iterable = (),
    criteria: Iterable[tuple[str, str]] | None = None,
    scale_min: int = 1,
    scale_max: int = 5,
    description: str = "",
    deadline=None,
) -> PriorityRound:
    """A coordinator prepares a round over challenges of one network, with criteria."""
    _require(by, "needs.add_round")
    challenges = list(challenges)
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Give the round a title.")
    if not challenges:
        errors["challenges"] = _("Choose at least one challenge.")
    elif any(c.network_id != network.pk for c in challenges):
        errors["challenges"] = _("Every challenge must belong to the round's network.")
    if not (0 <= scale_min < scale_max <= 10):
        errors["scale_max"] = _("The scale must run upwards, from 0 or more to at most 10.")
    if not by.is_platform_admin and not network.members.filter(pk=by.organization_id).exists():
        errors["network"] = _("Choose one of your networks.")
    if errors:
        raise ValidationError(errors)
    criteria = list(criteria) if criteria else [(str(n), str(d)) for n, d in DEFAULT_CRITERIA]
    with transaction.atomic(), acting_as(by, reason="prioritisation round created"):
        priority_round = PriorityRound.objects.create(
            network=network,
            title=title.strip(),
            description=(description or "").strip(),
            scale_min=scale_min,
            scale_max=scale_max,
            created_by=by,
            deadline=deadline,
        )
        RoundChallenge.objects.bulk_create(
            RoundChallenge(round=priority_round, challenge=c) for c in challenges
        )
        PriorityCriterion.objects.bulk_create(
            PriorityCriterion(round=priority_round, name=name, description=desc, order=i)
            for i, (name, desc) in enumerate(criteria)
        )
        priority_round.participants.set(participants)
    return priority_round


def round_transition(*, priority_round: PriorityRound, to: str, by) -> PriorityRound:
    """The one way a round changes status (decided only through `round_decide`)."""
    _require(by, "needs.manage_round", priority_round)
    with transaction.atomic(), acting_as(by, reason=f"round {to}"):
        locked = PriorityRound.objects.select_for_update().get(pk=priority_round.pk)
        if to not in ROUND_ALLOWED_TRANSITIONS.get(locked.status, set()):
            raise ValidationError(
                _("A round that is “%(from)s” cannot become “%(to)s”.")
                % {"from": RoundStatus(locked.status).label, "to": RoundStatus(to).label}
            )
        if to == RoundStatus.OPEN and not locked.participants.exists():
            raise ValidationError(_("Add participants before opening the round."))
        locked.status = to
        locked.save(update_fields=["status", "updated_at"])
        if to == RoundStatus.OPEN:
            for user in locked.participants.all():
                notify(
                    recipient=user,
                    event="needs.round_opened",
                    title=_lazy(
                        gettext_lazy("Please score the challenges in “%(title)s”"),
                        {"title": locked.title},
                    ),
                    url=locked.get_absolute_url(),
                    dedupe_key=f"needs.round-open:{locked.pk}:{user.pk}",
                )
    return locked


def score_set(
    *, priority_round: PriorityRound, participant, challenge: Challenge, criterion, value
) -> PriorityScore:
    """A participant scores a challenge on a criterion (again: the score is replaced)."""
    _require(participant, "needs.score_round", priority_round)
    try:
        value = int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"value": _("Give a whole number.")}) from exc
    if not priority_round.round_challenges.filter(challenge=challenge).exists():
        raise ValidationError({"challenge": _("That challenge is not in this round.")})
    if criterion.round_id != priority_round.pk:
        raise ValidationError({"criterion": _("That criterion is not in this round.")})
    if not (priority_round.scale_min <= value <= priority_round.scale_max):
        raise ValidationError(
            {
                "value": _("A score runs from %(min)s to %(max)s.")
                % {"min": priority_round.scale_min, "max": priority_round.scale_max}
            }
        )
    try:
        with transaction.atomic():
            score, _created = PriorityScore.objects.update_or_create(
                criterion=criterion,
                challenge=challenge,
                participant=participant,
                defaults={
                    "round": priority_round,
                    "value": value,
                    "scale_min": priority_round.scale_min,
                    "scale_max": priority_round.scale_max,
                },
            )
    except IntegrityError as exc:
        raise ValidationError({"value": _("The score is outside the scale.")}) from exc
    return score


def round_decide(
    *, priority_round: PriorityRound, by, decision: str, selected: Iterable[Challenge]
) -> PriorityRound:
    """Record the decision of a closed round and which challenges were chosen."""
    _require(by, "needs.manage_round", priority_round)
    decision = (decision or "").strip()
    selected = list(selected)
    if not decision:
        raise ValidationError({"decision": _("Write down the decision.")})
    if not selected:
        raise ValidationError({"selected": _("Choose at least one challenge.")})
    with transaction.atomic(), acting_as(by, reason="prioritisation decided"):
        locked = PriorityRound.objects.select_for_update().get(pk=priority_round.pk)
        if RoundStatus.DECIDED not in ROUND_ALLOWED_TRANSITIONS.get(locked.status, set()):
            raise ValidationError(_("Close the round before recording the decision."))
        in_round = set(locked.round_challenges.values_list("challenge_id", flat=True))
        if any(c.pk not in in_round for c in selected):
            raise ValidationError({"selected": _("That challenge is not in this round.")})
        locked.round_challenges.update(selected=False)
        locked.round_challenges.filter(challenge__in=selected).update(selected=True)
        locked.status = RoundStatus.DECIDED
        locked.decision = decision
        locked.decided_at = timezone.now()
        locked.decided_by = by
        locked.save(update_fields=["status", "decision", "decided_at", "decided_by", "updated_at"])
    return locked


def workshop_cancel(*, workshop: Workshop, by, reason: str) -> Workshop:
    """Cancel a coming workshop. Side effects: every participant is notified (in the app
    and by e-mail, after commit); reminders are no longer sent; its calendar file turns
    into a cancellation."""
    _require(by, "needs.change_workshop", workshop)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the workshop is cancelled.")})
    with transaction.atomic(), acting_as(by, reason="workshop cancelled"):
        workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
        if workshop.cancelled_at is not None:
            raise ValidationError(_("The workshop is cancelled already."))
        if workshop.ends_at <= timezone.now():
            raise ValidationError(_("A workshop that has taken place cannot be cancelled."))
        workshop.cancelled_at = timezone.now()
        workshop.save(update_fields=["cancelled_at", "updated_at"])
        for row in workshop.participations.select_related("user"):
            if not row.user.is_active:
                continue
            notify(
                recipient=row.user,
                event="needs.workshop_cancelled",
                title=format_lazy(
                    gettext_lazy("The workshop {title} is cancelled"), title=workshop.title
                ),
                body=reason.strip(),
                url=workshop.get_absolute_url(),
                dedupe_key=f"needs.workshop-cancelled:{workshop.pk}",
            )
    return workshop
