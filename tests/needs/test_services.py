from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from needs import services
from needs.enums import NEED_ALLOWED_TRANSITIONS, NeedStatus, RoundStatus
from needs.models import (
    AnswerOption,
    ChallengeParticipation,
    Need,
    PriorityScore,
    WorkshopParticipant,
)
from needs.selectors import round_ranking
from notifications.models import Notification
from tests.factories.needs import ChallengeFactory, NeedFactory
from tests.factories.organizations import UserFactory

# --- Needs ------------------------------------------------------------------------------


def test_need_create_empty_problem_is_refused_and_nothing_stored(staff):
    with pytest.raises(ValidationError) as exc:
        services.need_create(author=staff, title="Golv", problem="   ")
    assert "problem" in exc.value.message_dict
    assert not Need.objects.exists()


def test_need_create_draft_then_submit(staff):
    need = services.need_create(author=staff, title="Golv", problem="Blöta golv", department="it")
    assert (need.status, need.organization_id, need.submitted_at) == (
        "draft",
        staff.organization_id,
        None,
    )


def test_need_create_and_submit(staff, ystad):
    need = services.need_create(author=staff, title="Golv", problem="Blöta golv", submit=True)
    need.refresh_from_db()
    assert (need.status, need.organization_id) == (NeedStatus.SUBMITTED, ystad.pk)
    assert need.submitted_at is not None


def test_need_submit_by_someone_else_is_refused(draft, officer):
    with pytest.raises(PermissionDenied):
        services.need_submit(need=draft, by=officer)


def test_supplier_cannot_write_needs(supplier_user):
    with pytest.raises(PermissionDenied):
        services.need_create(author=supplier_user, title="x", problem="y")


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (start, to)
        for start in NeedStatus.values
        for to in NeedStatus.values
        if to not in NEED_ALLOWED_TRANSITIONS[start]
    ],
)
def test_need_transition_refused_when_not_allowed(staff, coordinator, challenge, start, to):
    need = NeedFactory(author=staff, status="submitted")
    Need.objects.filter(pk=need.pk).update(
        status=start,
        status_reason="Skäl",
        merged_into=(NeedFactory(author=staff) if start == "merged" else None),
    )
    with pytest.raises(ValidationError) as exc:
        services.need_transition(need=need, to=to, by=coordinator, reason="r", challenge=challenge)
    assert exc.value.code == "transition"
    need.refresh_from_db()
    assert need.status == start


@pytest.mark.parametrize(
    ("start", "to"),
    [(s, t) for s, targets in NEED_ALLOWED_TRANSITIONS.items() for t in sorted(targets)],
)
def test_need_transition_allowed(staff, coordinator, challenge, start, to):
    need = NeedFactory(author=staff, status=start)
    survivor = NeedFactory(author=staff)
    services.need_transition(
        need=need, to=to, by=coordinator, reason="Skäl", challenge=challenge, merged_into=survivor
    )
    need.refresh_from_db()
    assert need.status == to


def test_reject_without_reason_is_refused(need, coordinator):
    with pytest.raises(ValidationError) as exc:
        services.need_reject(need=need, by=coordinator, reason=" ")
    assert "reason" in exc.value.message_dict
    need.refresh_from_db()
    assert need.status == NeedStatus.SUBMITTED


def test_reject_notifies_submitter(
    need, coordinator, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.need_reject(need=need, by=coordinator, reason="Ligger utanför kommunens ansvar")
    note = Notification.objects.get(recipient=staff)
    assert "avslag" in note.title.lower() or "Avslag" in note.title or need.title in note.title
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [staff.email]


def test_merge_into_itself_is_refused(need, coordinator):
    with pytest.raises(ValidationError) as exc:
        services.need_merge(need=need, into=need, by=coordinator, reason="Samma")
    assert "merged_into" in exc.value.message_dict
    need.refresh_from_db()
    assert need.status == NeedStatus.SUBMITTED


def test_merge_into_itself_refused_by_database(need):
    with pytest.raises(IntegrityError), transaction.atomic():
        Need.objects.filter(pk=need.pk).update(status="merged", merged_into=need)


def test_merge_into_need_of_another_network_is_refused(need, coordinator, outsider):
    foreign = NeedFactory(author=outsider)
    with pytest.raises(ValidationError) as exc:
        services.need_merge(need=need, into=foreign, by=coordinator, reason="Samma")
    assert "merged_into" in exc.value.message_dict
    need.refresh_from_db()
    assert need.status == NeedStatus.SUBMITTED


def test_merge_points_to_survivor(need, coordinator, neighbour):
    survivor = NeedFactory(author=neighbour)
    services.need_merge(need=need, into=survivor, by=coordinator, reason="Samma problem")
    need.refresh_from_db()
    assert (need.status, need.merged_into, need.answer.code) == ("merged", survivor, "merged")
    assert list(survivor.merged_needs.all()) == [need]


def test_answer_by_assessor_sets_answer_and_status(need, coordinator, officer):
    services.assessor_assign(need=need, assessor=officer, by=coordinator)
    option = AnswerOption.objects.get(code="not-now")
    services.need_answer(need=need, by=officer, option=option, reason="Budget saknas i år")
    need.refresh_from_db()
    assert (need.status, need.answer, need.answered_by) == ("deferred", option, officer)
    assert need.is_assessed


def test_answer_by_someone_not_assessing_is_refused(need, neighbour):
    option = AnswerOption.objects.get(code="not-now")
    with pytest.raises(PermissionDenied):
        services.need_answer(need=need, by=neighbour, option=option, reason="x")


def test_assessor_assigned_twice_is_refused(need, coordinator, officer):
    services.assessor_assign(need=need, assessor=officer, by=coordinator)
    with pytest.raises(ValidationError):
        services.assessor_assign(need=need, assessor=officer, by=coordinator)


def test_assessor_outside_network_is_refused(need, coordinator, outsider):
    with pytest.raises(ValidationError):
        services.assessor_assign(need=need, assessor=outsider, by=coordinator)


def test_assessment_note_with_reply(need, coordinator, officer):
    services.assessor_assign(need=need, assessor=officer, by=coordinator)
    note = services.assessment_note_add(need=need, author=officer, body="Fråga förskolechefen")
    reply = services.assessment_note_add(need=need, author=coordinator, body="Gjort", parent=note)
    assert list(note.replies.all()) == [reply]


def test_assessment_note_by_submitter_is_refused(need, staff):
    with pytest.raises(PermissionDenied):
        services.assessment_note_add(need=need, author=staff, body="Hej")


def test_comment_on_draft_is_refused(draft, staff):
    with pytest.raises(PermissionDenied):
        services.need_comment_add(need=draft, author=staff, body="Hej")


# --- Challenges -------------------------------------------------------------------------


def test_challenge_create_takes_needs_in(need, coordinator, network):
    challenge = services.challenge_create(by=coordinator, title="Torra golv", needs=[need])
    need.refresh_from_db()
    assert (need.status, need.challenge, challenge.network) == ("in_challenge", challenge, network)


def test_challenge_create_empty_title_refused(coordinator):
    with pytest.raises(ValidationError):
        services.challenge_create(by=coordinator, title=" ")


def test_we_have_this_need_too_once_per_municipality(challenge, neighbour, trelleborg):
    services.challenge_join(challenge=challenge, by=neighbour, note="Samma hos oss")
    other = UserFactory(organization=trelleborg)
    with pytest.raises(ValidationError) as exc:
        services.challenge_join(challenge=challenge, by=other, note="Vi med")
    assert "redan" in exc.value.messages[0] or "already" in exc.value.messages[0]
    assert ChallengeParticipation.objects.count() == 1


def test_owner_municipality_cannot_join_own_challenge(challenge, staff):
    with pytest.raises(PermissionDenied):
        services.challenge_join(challenge=challenge, by=staff)


# --- Workshops --------------------------------------------------------------------------


def _workshop(coordinator, network, participants, **extra):
    start = timezone.now() + timedelta(days=7)
    fields = {
        "title": "Workshop 1",
        "starts_at": start,
        "ends_at": start + timedelta(hours=3),
        "place": "Ystads stadshus",
        **extra,
    }
    return services.workshop_create(
        by=coordinator, network=network, participants=participants, **fields
    )


def test_workshop_invites_participants_by_email_once(
    coordinator, network, staff, neighbour, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workshop = _workshop(coordinator, network, [staff, neighbour])
    assert sorted(m.to[0] for m in mailoutbox) == sorted([staff.email, neighbour.email])
    assert "Workshop 1" in mailoutbox[0].subject
    row = WorkshopParticipant.objects.get(workshop=workshop, user=staff)
    assert services.workshop_send_invitation(participant_id=row.pk) is False
    assert len(mailoutbox) == 2


def test_workshop_ending_before_start_is_refused(coordinator, network):
    with pytest.raises(ValidationError) as exc:
        _workshop(coordinator, network, [], ends_at=timezone.now())
    assert "ends_at" in exc.value.message_dict


def test_workshop_without_place_or_link_is_refused(coordinator, network):
    with pytest.raises(ValidationError) as exc:
        _workshop(coordinator, network, [], place="")
    assert "place" in exc.value.message_dict


def test_workshop_by_staff_is_refused(staff, network):
    with pytest.raises(PermissionDenied):
        _workshop(staff, network, [])


def test_reminder_sweep_reminds_once_within_a_day(
    coordinator, network, staff, mailoutbox, django_capture_on_commit_callbacks
):
    from needs.tasks import sweep_workshop_reminders

    with django_capture_on_commit_callbacks(execute=True):
        workshop = _workshop(coordinator, network, [staff])
    assert sweep_workshop_reminders() == 0  # a week away
    workshop.starts_at = timezone.now() + timedelta(hours=5)
    workshop.ends_at = workshop.starts_at + timedelta(hours=2)
    workshop.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_workshop_reminders() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_workshop_reminders() == 0
    assert all("Workshop 1" in m.subject for m in mailoutbox)
    assert len(mailoutbox) == 2


# --- Prioritisation ---------------------------------------------------------------------


@pytest.fixture
def priority_round(coordinator, network, ystad, staff, neighbour):
    a = ChallengeFactory(network=network, owner_organization=ystad, title="A")
    b = ChallengeFactory(network=network, owner_organization=ystad, title="B")
    r = services.round_create(
        by=coordinator,
        network=network,
        title="Prio",
        challenges=[a, b],
        participants=[staff, neighbour],
    )
    services.round_transition(priority_round=r, to=RoundStatus.OPEN, by=coordinator)
    r.refresh_from_db()
    return r


def test_round_has_default_criteria(priority_round):
    assert priority_round.criteria.count() == 4
    assert (priority_round.scale_min, priority_round.scale_max) == (1, 5)


def test_score_outside_scale_is_refused(priority_round, staff):
    challenge = priority_round.challenges.first()
    criterion = priority_round.criteria.first()
    for bad in (0, 6, "x"):
        with pytest.raises(ValidationError):
            services.score_set(
                priority_round=priority_round,
                participant=staff,
                challenge=challenge,
                criterion=criterion,
                value=bad,
            )
    assert not PriorityScore.objects.exists()


def test_score_outside_scale_refused_by_database(priority_round, staff):
    challenge = priority_round.challenges.first()
    criterion = priority_round.criteria.first()
    for kwargs in ({"value": 6, "scale_max": 5}, {"value": 6, "scale_max": 7}):
        with pytest.raises(IntegrityError), transaction.atomic():
            PriorityScore.objects.create(
                round=priority_round,
                challenge=challenge,
                criterion=criterion,
                participant=staff,
                scale_min=1,
                **kwargs,
            )


def test_score_by_non_participant_is_refused(priority_round, coordinator):
    with pytest.raises(PermissionDenied):
        services.score_set(
            priority_round=priority_round,
            participant=coordinator,
            challenge=priority_round.challenges.first(),
            criterion=priority_round.criteria.first(),
            value=3,
        )


def test_ranking_mean_and_spread(priority_round, staff, neighbour):
    a, b = priority_round.challenges.order_by("title")
    for criterion in priority_round.criteria.all():
        for user, va, vb in ((staff, 5, 2), (neighbour, 3, 2)):
            services.score_set(
                priority_round=priority_round,
                participant=user,
                challenge=a,
                criterion=criterion,
                value=va,
            )
            services.score_set(
                priority_round=priority_round,
                participant=user,
                challenge=b,
                criterion=criterion,
                value=vb,
            )
    ranking = round_ranking(priority_round)
    assert [r["challenge"] for r in ranking] == [a, b]
    assert (ranking[0]["mean"], ranking[0]["min"], ranking[0]["max"]) == (4.0, 3, 5)
    assert ranking[0]["stddev"] == pytest.approx(1.0)
    assert (ranking[0]["participants"], ranking[1]["stddev"]) == (2, 0.0)


def test_round_decide_requires_closed_round_and_decision(priority_round, coordinator):
    a = priority_round.challenges.first()
    with pytest.raises(ValidationError):
        services.round_decide(
            priority_round=priority_round, by=coordinator, decision="Ja", selected=[a]
        )
    services.round_transition(priority_round=priority_round, to=RoundStatus.CLOSED, by=coordinator)
    with pytest.raises(ValidationError):
        services.round_decide(
            priority_round=priority_round, by=coordinator, decision=" ", selected=[a]
        )
    decided = services.round_decide(
        priority_round=priority_round, by=coordinator, decision="A går vidare", selected=[a]
    )
    assert decided.status == RoundStatus.DECIDED
    assert list(
        decided.round_challenges.filter(selected=True).values_list("challenge", flat=True)
    ) == [a.pk]


def test_round_transition_refused(priority_round, coordinator, staff):
    with pytest.raises(ValidationError):
        services.round_transition(
            priority_round=priority_round, to=RoundStatus.DRAFT, by=coordinator
        )
    with pytest.raises(PermissionDenied):
        services.round_transition(priority_round=priority_round, to=RoundStatus.CLOSED, by=staff)


def test_workshop_edit_raises_the_calendar_sequence(coordinator, network, staff):
    import vobject

    from needs.ics import workshop_ics

    workshop = _workshop(coordinator, network, [staff])
    first = vobject.readOne(workshop_ics(workshop).decode()).vevent
    services.workshop_update(
        workshop=workshop, by=coordinator, starts_at=workshop.starts_at + timedelta(hours=1)
    )
    workshop.refresh_from_db()
    moved = vobject.readOne(workshop_ics(workshop).decode()).vevent
    assert int(moved.sequence.value) == int(first.sequence.value) + 1
    assert moved.uid.value == first.uid.value
    assert coordinator.email in moved.organizer.value
    assert staff.email in {a.value.removeprefix("mailto:") for a in moved.attendee_list}
