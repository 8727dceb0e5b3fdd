from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from dialogue import selectors, services
from dialogue.models import (
    Clarification,
    Rfi,
    RfiInvitation,
    RfiResponse,
    SupplierMessage,
)
from notifications.models import Notification
from organizations.models import Organization, User
from organizations.validators import org_number_with_check_digit
from tests.dialogue.conftest import answers_for
from tests.factories.dialogue import SupplierProfileFactory
from tests.factories.organizations import SupplierFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _rfi_kwargs(**overrides):
    data = {
        "title": "RFI",
        "background": "Bakgrund",
        "need": "Behov",
        "deadline": timezone.now() + timedelta(days=5),
        "invitation_mode": "open",
    }
    data.update(overrides)
    return data


# --- Supplier registration ---


def test_supplier_register_creates_company_profile_and_admin_user(db):
    user = services.supplier_register(
        company_name="Ny Leverantör AB",
        org_number=org_number_with_check_digit("556111222"),
        full_name="Ada Ny",
        email="Ada@Ny.test",
        password="a-Good-pass-42",
    )
    assert user.email == "ada@ny.test"
    assert user.organization.is_supplier
    assert sorted(user.roles) == ["admin", "supplier"]
    assert user.organization.supplier_profile is not None
    assert user.check_password("a-Good-pass-42")


def test_supplier_register_wrong_check_digit_changes_nothing(db):
    number = org_number_with_check_digit("556111222")
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    with pytest.raises(ValidationError) as exc:
        services.supplier_register(
            company_name="Fel AB",
            org_number=wrong,
            full_name="Ada",
            email="ada@fel.test",
            password="a-Good-pass-42",
        )
    assert "kontrollsiffran" in str(exc.value) or "check digit" in str(exc.value)
    assert not Organization.objects.filter(name="Fel AB").exists()
    assert not User.objects.filter(email="ada@fel.test").exists()


def test_supplier_register_weak_password_and_taken_email_refused(supplier_user):
    with pytest.raises(ValidationError) as exc:
        services.supplier_register(
            company_name="X AB",
            org_number=org_number_with_check_digit("556111333"),
            full_name="X",
            email=supplier_user.email,
            password="123",
        )
    assert set(exc.value.error_dict) == {"email", "password1"}
    assert not Organization.objects.filter(name="X AB").exists()


def test_supplier_profile_update_sets_cpv_codes(supplier_user):
    profile = services.supplier_profile_update(
        user=supplier_user, description="Vi bygger appar", cpv_codes=["72000000-5"]
    )
    assert list(profile.cpv_codes.values_list("code", flat=True)) == ["72000000-5"]


def test_supplier_profile_update_refused_for_municipal_user(officer):
    with pytest.raises(PermissionDenied):
        services.supplier_profile_update(user=officer, description="", cpv_codes=[])


# --- RFI creation and publishing ---


def test_rfi_create_deadline_in_past_is_refused(case, officer):
    with pytest.raises(ValidationError) as exc:
        services.rfi_create(
            created_by=officer,
            anchor=case,
            **_rfi_kwargs(deadline=timezone.now() - timedelta(minutes=1)),
        )
    assert "deadline" in exc.value.error_dict
    assert not Rfi.objects.exists()


@pytest.mark.parametrize("who", ["staff", "outsider", "vaxjo_officer", "supplier_user"])
def test_rfi_create_refused_for_those_not_running_the_case(case, who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.rfi_create(created_by=user, anchor=case, **_rfi_kwargs())
    assert not Rfi.objects.exists()


def test_rfi_create_on_challenge_by_network_officer(challenge, trelleborg):
    officer = UserFactory(organization=trelleborg, roles=["officer"])
    rfi = services.rfi_create(created_by=officer, anchor=challenge, **_rfi_kwargs())
    assert rfi.challenge == challenge
    assert rfi.case is None


def test_rfi_one_anchor_enforced_by_database(case, challenge, officer):
    with pytest.raises(IntegrityError), transaction.atomic():
        Rfi.objects.create(
            case=case,
            challenge=challenge,
            created_by=officer,
            **_rfi_kwargs(),
        )


def test_rfi_chosen_mode_needs_suppliers(case, officer):
    with pytest.raises(ValidationError) as exc:
        services.rfi_create(
            created_by=officer, anchor=case, **_rfi_kwargs(invitation_mode="chosen")
        )
    assert "chosen_suppliers" in exc.value.error_dict


def test_rfi_publish_invites_exactly_the_chosen_suppliers(
    draft_rfi,
    officer,
    supplier_user,
    other_supplier_user,
    third_supplier_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    colleague = UserFactory(organization=supplier_user.organization, roles=["supplier"])
    with django_capture_on_commit_callbacks(execute=True):
        services.rfi_publish(rfi=draft_rfi, by=officer)
    invited = set(RfiInvitation.objects.values_list("supplier_id", flat=True))
    assert invited == {supplier_user.organization_id, other_supplier_user.organization_id}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [supplier_user.email, colleague.email, other_supplier_user.email]
    )
    assert not Notification.objects.filter(recipient=third_supplier_user).exists()
    assert RfiInvitation.objects.filter(emailed_at__isnull=True).count() == 0
    # The invitation is logged once per supplier.
    assert SupplierMessage.objects.filter(direction="to_supplier").count() == 2
    # Running the task again sends nothing more.
    assert services.rfi_send_invitations(rfi_id=draft_rfi.pk) == 0


def test_rfi_publish_cpv_mode_matches_group_prefix(
    case, officer, django_capture_on_commit_callbacks
):
    it_supplier = SupplierFactory(name="IT AB")
    it_division = SupplierFactory(name="IT bred AB")
    furniture = SupplierFactory(name="Möbler AB")
    SupplierProfileFactory(organization=it_supplier, cpv_codes=["72212000-4"])
    SupplierProfileFactory(organization=it_division, cpv_codes=["72000000-5"])
    SupplierProfileFactory(organization=furniture, cpv_codes=["39130000-2"])
    rfi = services.rfi_create(
        created_by=officer,
        anchor=case,
        **_rfi_kwargs(invitation_mode="cpv", invited_cpv_codes=["72200000-7"]),
    )
    services.rfi_question_add(rfi=rfi, by=officer, text="Hur?")
    with django_capture_on_commit_callbacks(execute=True):
        services.rfi_publish(rfi=rfi, by=officer)
    assert set(rfi.invitations.values_list("supplier__name", flat=True)) == {
        "IT AB",
        "IT bred AB",
    }


def test_rfi_publish_open_mode_invites_every_supplier(
    case, officer, supplier_org, other_supplier, django_capture_on_commit_callbacks
):
    rfi = services.rfi_create(created_by=officer, anchor=case, **_rfi_kwargs())
    services.rfi_question_add(rfi=rfi, by=officer, text="Hur?")
    with django_capture_on_commit_callbacks(execute=True):
        services.rfi_publish(rfi=rfi, by=officer)
    assert rfi.invitations.count() == Organization.objects.filter(kind="supplier").count()


def test_rfi_publish_without_questions_is_refused(case, officer, supplier_org):
    rfi = services.rfi_create(created_by=officer, anchor=case, **_rfi_kwargs())
    with pytest.raises(ValidationError, match=r"fråga|question"):
        services.rfi_publish(rfi=rfi, by=officer)
    rfi.refresh_from_db()
    assert rfi.state == "draft"


def test_rfi_publish_twice_is_refused_and_questions_are_then_fixed(rfi, officer):
    with pytest.raises(ValidationError):
        services.rfi_publish(rfi=rfi, by=officer)
    with pytest.raises(PermissionDenied):
        services.rfi_question_add(rfi=rfi, by=officer, text="Sen fråga?")


def test_rfi_publish_after_deadline_passed_is_refused(draft_rfi, officer):
    Rfi.objects.filter(pk=draft_rfi.pk).update(deadline=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError):
        services.rfi_publish(rfi=draft_rfi, by=officer)


def test_question_choice_needs_two_options(draft_rfi, officer):
    with pytest.raises(ValidationError) as exc:
        services.rfi_question_add(rfi=draft_rfi, by=officer, text="?", kind="single", choices=["A"])
    assert "choices" in exc.value.error_dict


def test_rfi_cancel_notifies_invited(
    rfi, officer, supplier_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.rfi_cancel(rfi=rfi, by=officer, reason="Behovet försvann")
    assert Notification.objects.filter(
        recipient=supplier_user, event="dialogue.rfi_cancelled"
    ).exists()


# --- Answers ---


def test_response_draft_then_submit(rfi, supplier_user):
    questions = list(rfi.questions.all())
    draft = services.rfi_response_save(
        rfi=rfi, user=supplier_user, answers={questions[0].pk: "Utkast"}
    )
    assert draft.state == "draft"
    submitted = services.rfi_response_save(
        rfi=rfi, user=supplier_user, answers=answers_for(rfi), submit=True
    )
    assert submitted.pk == draft.pk
    assert submitted.state == "submitted"
    assert submitted.answers.get(question=questions[1]).number == 1000
    assert SupplierMessage.objects.filter(direction="from_supplier", rfi=rfi).count() == 1


def test_response_submit_missing_required_changes_nothing(rfi, supplier_user):
    questions = list(rfi.questions.all())
    with pytest.raises(ValidationError) as exc:
        services.rfi_response_save(
            rfi=rfi, user=supplier_user, answers={questions[1].pk: "5"}, submit=True
        )
    assert set(exc.value.error_dict) == {f"q_{questions[0].pk}", f"q_{questions[2].pk}"}
    assert not RfiResponse.objects.exists()


def test_response_bad_option_and_number_are_refused(rfi, supplier_user):
    with pytest.raises(ValidationError) as exc:
        services.rfi_response_save(
            rfi=rfi, user=supplier_user, answers=answers_for(rfi, number="tio", single="Kanske")
        )
    assert len(exc.value.error_dict) == 2


def test_response_after_deadline_is_refused(rfi, supplier_user):
    services.rfi_response_save(rfi=rfi, user=supplier_user, answers=answers_for(rfi))
    Rfi.objects.filter(pk=rfi.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError, match=r"deadline|Sista"):
        services.rfi_response_save(
            rfi=rfi, user=supplier_user, answers=answers_for(rfi), submit=True
        )
    assert RfiResponse.objects.get().state == "draft"


def test_response_by_uninvited_supplier_is_refused(rfi, third_supplier_user):
    with pytest.raises(PermissionDenied):
        services.rfi_response_save(rfi=rfi, user=third_supplier_user, answers=answers_for(rfi))
    assert not RfiResponse.objects.exists()


def test_response_submitted_cannot_go_back_to_draft(rfi, supplier_user):
    services.rfi_response_save(rfi=rfi, user=supplier_user, answers=answers_for(rfi), submit=True)
    with pytest.raises(ValidationError):
        services.rfi_response_save(rfi=rfi, user=supplier_user, answers=answers_for(rfi))
    assert RfiResponse.objects.get().state == "submitted"


@pytest.fixture
def file_rfi(case, officer, supplier_user, django_capture_on_commit_callbacks):
    rfi = services.rfi_create(created_by=officer, anchor=case, **_rfi_kwargs())
    services.rfi_question_add(rfi=rfi, by=officer, text="Bifoga broschyr", kind="file")
    with django_capture_on_commit_callbacks(execute=True):
        return services.rfi_publish(rfi=rfi, by=officer)


def test_response_file_of_refused_type_is_refused(file_rfi, supplier_user):
    question = file_rfi.questions.get()
    upload = SimpleUploadedFile("x.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(ValidationError) as exc:
        services.rfi_response_save(
            rfi=file_rfi, user=supplier_user, answers={}, files={question.pk: upload}
        )
    assert f"q_{question.pk}" in exc.value.error_dict
    assert not RfiResponse.objects.exists()


def test_response_file_over_limit_is_refused(file_rfi, supplier_user, monkeypatch):
    monkeypatch.setattr("dialogue.services.responses.ANSWER_FILE_MAX_BYTES", 10)
    question = file_rfi.questions.get()
    with pytest.raises(ValidationError, match="MB"):
        services.rfi_response_save(
            rfi=file_rfi,
            user=supplier_user,
            answers={},
            files={question.pk: SimpleUploadedFile("b.pdf", PDF)},
        )


def test_response_file_kept_on_resubmit(file_rfi, supplier_user):
    question = file_rfi.questions.get()
    services.rfi_response_save(
        rfi=file_rfi,
        user=supplier_user,
        answers={},
        files={question.pk: SimpleUploadedFile("broschyr.pdf", PDF)},
        submit=True,
    )
    response = services.rfi_response_save(rfi=file_rfi, user=supplier_user, answers={}, submit=True)
    answer = response.answers.get()
    assert answer.file_name == "broschyr.pdf"
    assert answer.file.name.startswith("dialogue/answers/")
    assert "broschyr" not in answer.file.name


# --- Isolation ---


def test_supplier_sees_only_own_responses_and_answers(rfi, supplier_user, other_supplier_user):
    mine = services.rfi_response_save(rfi=rfi, user=supplier_user, answers=answers_for(rfi))
    theirs = services.rfi_response_save(
        rfi=rfi, user=other_supplier_user, answers=answers_for(rfi), submit=True
    )
    assert list(selectors.responses_for_user(supplier_user)) == [mine]
    assert list(selectors.responses_for_user(other_supplier_user)) == [theirs]
    assert {a.response_id for a in selectors.answers_for_user(supplier_user)} == {mine.pk}


def test_officer_sees_only_submitted_responses_of_visible_rfis(
    rfi, supplier_user, other_supplier_user, officer, neighbour, outsider
):
    services.rfi_response_save(rfi=rfi, user=supplier_user, answers=answers_for(rfi))
    theirs = services.rfi_response_save(
        rfi=rfi, user=other_supplier_user, answers=answers_for(rfi), submit=True
    )
    assert list(selectors.responses_for_user(officer)) == [theirs]
    assert list(selectors.responses_for_user(neighbour)) == [theirs]  # Trelleborg takes part
    assert list(selectors.responses_for_user(outsider)) == []


def test_uninvited_supplier_does_not_see_chosen_rfi(rfi, third_supplier_user, supplier_user):
    assert list(selectors.rfis_for_user(third_supplier_user)) == []
    assert list(selectors.rfis_for_user(supplier_user)) == [rfi]


def test_draft_rfi_invisible_to_suppliers(draft_rfi, supplier_user):
    assert list(selectors.rfis_for_user(supplier_user)) == []


# --- Questions and answers ---


def test_clarification_published_to_all_invited_and_asker_anonymous(
    rfi,
    officer,
    supplier_user,
    other_supplier_user,
    third_supplier_user,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        asked = services.clarification_ask(
            rfi=rfi, user=supplier_user, question="Måste det vara app?"
        )
    assert Notification.objects.filter(
        recipient=rfi.created_by, event="dialogue.clarification_asked"
    ).exists()
    # Before the answer, the other supplier does not see the question at all.
    assert list(selectors.clarifications_for_user(other_supplier_user)) == []
    assert list(selectors.clarifications_for_user(supplier_user)) == [asked]
    with django_capture_on_commit_callbacks(execute=True):
        services.clarification_answer(clarification=asked, by=officer, answer="Nej, webb går bra.")
    published = Notification.objects.filter(event="dialogue.clarification_published")
    assert set(published.values_list("recipient", flat=True)) == {
        supplier_user.pk,
        other_supplier_user.pk,
    }
    assert not published.filter(recipient=third_supplier_user).exists()
    # The notice says nothing of who asked.
    for notice in published:
        assert supplier_user.organization.name not in notice.body + notice.title
    assert list(selectors.clarifications_for_user(other_supplier_user)) == [asked]


def test_clarification_after_deadline_refused(rfi, supplier_user):
    Rfi.objects.filter(pk=rfi.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    rfi.refresh_from_db()
    with pytest.raises(ValidationError):
        services.clarification_ask(rfi=rfi, user=supplier_user, question="Hinner jag?")
    assert not Clarification.objects.exists()


def test_clarification_answer_twice_refused(rfi, officer, supplier_user):
    asked = services.clarification_ask(rfi=rfi, user=supplier_user, question="?")
    services.clarification_answer(clarification=asked, by=officer, answer="Svar")
    with pytest.raises(ValidationError):
        services.clarification_answer(clarification=asked, by=officer, answer="Nytt svar")


def test_clarification_answer_refused_for_outsider(rfi, vaxjo_officer, supplier_user):
    asked = services.clarification_ask(rfi=rfi, user=supplier_user, question="?")
    with pytest.raises(PermissionDenied):
        services.clarification_answer(clarification=asked, by=vaxjo_officer, answer="Svar")


# --- Reminders ---


def test_reminder_goes_once_to_suppliers_without_submitted_answer(
    rfi, supplier_user, other_supplier_user, django_capture_on_commit_callbacks
):
    services.rfi_response_save(rfi=rfi, user=supplier_user, answers=answers_for(rfi), submit=True)
    Rfi.objects.filter(pk=rfi.pk).update(deadline=timezone.now() + timedelta(hours=20))
    from dialogue.tasks import send_rfi_reminders

    with django_capture_on_commit_callbacks(execute=True):
        assert send_rfi_reminders() == 1
    reminded = Notification.objects.filter(event="dialogue.rfi_reminder")
    assert list(reminded.values_list("recipient", flat=True)) == [other_supplier_user.pk]
    with django_capture_on_commit_callbacks(execute=True):
        assert send_rfi_reminders() == 0
    assert reminded.count() == 1


def test_reminder_not_sent_when_deadline_far(rfi, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.rfi_send_reminders() == 0


# --- The message log ---


def test_message_log_is_append_only(rfi):
    message = SupplierMessage.objects.first()
    with pytest.raises(Exception, match=r"(?i)protect|cannot"), transaction.atomic():
        SupplierMessage.objects.filter(pk=message.pk).update(subject="ändrat")
    with pytest.raises(Exception, match=r"(?i)protect|cannot"), transaction.atomic():
        SupplierMessage.objects.filter(pk=message.pk).delete()


# --- Activities and consultation rounds ---


def test_activity_create_invites_supplier_people(
    case, officer, staff, supplier_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        activity = services.activity_create(
            created_by=officer,
            anchor=case,
            kind="supplier_meeting",
            title="Möte med Myloc",
            starts_at=timezone.now() + timedelta(days=2),
            internal_participants=[staff],
            supplier_organizations=[supplier_user.organization],
            supplier_participants=[supplier_user],
        )
    assert list(activity.internal_participants.all()) == [staff]
    assert Notification.objects.filter(
        recipient=supplier_user, event="dialogue.activity_invitation"
    ).exists()
    assert SupplierMessage.objects.filter(activity=activity, supplier=supplier_user.organization)


def test_activity_supplier_person_must_belong_to_named_company(
    case, officer, supplier_user, other_supplier
):
    with pytest.raises(ValidationError) as exc:
        services.activity_create(
            created_by=officer,
            anchor=case,
            kind="workshop",
            title="Workshop",
            starts_at=timezone.now(),
            supplier_organizations=[other_supplier],
            supplier_participants=[supplier_user],
        )
    assert "supplier_participants" in exc.value.error_dict


def test_activity_ending_before_start_refused(case, officer):
    now = timezone.now()
    with pytest.raises(ValidationError) as exc:
        services.activity_create(
            created_by=officer,
            anchor=case,
            kind="visit",
            title="Besök",
            starts_at=now,
            ends_at=now - timedelta(hours=1),
        )
    assert "ends_at" in exc.value.error_dict


@pytest.fixture
def consultation(case, officer, staff, supplier_user, other_supplier_user):
    activity = services.activity_create(
        created_by=officer,
        anchor=case,
        kind="consultation",
        title="Remiss förfrågningsunderlag",
        starts_at=timezone.now(),
        comments_until=timezone.now() + timedelta(days=7),
        internal_participants=[staff],
        supplier_organizations=[supplier_user.organization, other_supplier_user.organization],
    )
    services.consultation_section_add(activity=activity, by=officer, heading="1. Krav")
    return activity


def test_consultation_needs_last_day(case, officer):
    with pytest.raises(ValidationError) as exc:
        services.activity_create(
            created_by=officer,
            anchor=case,
            kind="consultation",
            title="R",
            starts_at=timezone.now(),
        )
    assert "comments_until" in exc.value.error_dict


def test_consultation_comments_per_section_and_isolated(
    consultation, staff, supplier_user, other_supplier_user, officer
):
    section = consultation.sections.get()
    mine = services.consultation_comment_add(section=section, author=supplier_user, text="Bra")
    theirs = services.consultation_comment_add(
        section=section, author=other_supplier_user, text="Otydligt"
    )
    internal = services.consultation_comment_add(section=section, author=staff, text="Ok")
    assert list(selectors.comments_for_user(supplier_user)) == [mine]
    assert set(selectors.comments_for_user(officer)) == {mine, theirs, internal}
    assert (
        SupplierMessage.objects.filter(direction="from_supplier", activity=consultation).count()
        == 2
    )


def test_consultation_comment_after_last_day_refused(consultation, supplier_user):
    type(consultation).objects.filter(pk=consultation.pk).update(
        comments_until=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(ValidationError):
        services.consultation_comment_add(
            section=consultation.sections.get(), author=supplier_user, text="Sent"
        )


def test_consultation_comment_by_non_participant_refused(
    consultation, third_supplier_user, neighbour
):
    section = consultation.sections.get()
    with pytest.raises(PermissionDenied):
        services.consultation_comment_add(section=section, author=third_supplier_user, text="Hej")
    with pytest.raises(PermissionDenied):
        services.consultation_comment_add(section=section, author=neighbour, text="Hej")


def test_activity_file_refused_type(consultation, officer):
    upload = SimpleUploadedFile("a.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(ValidationError) as exc:
        services.activity_file_add(activity=consultation, by=officer, upload=upload)
    assert "file" in exc.value.error_dict
    assert not consultation.files.exists()


def test_activity_edit_raises_the_calendar_sequence(case, officer, staff, client):
    import vobject

    activity = services.activity_create(
        created_by=officer,
        anchor=case,
        kind="supplier_meeting",
        title="Möte",
        starts_at=timezone.now() + timedelta(days=2),
        internal_participants=[staff],
    )
    client.force_login(officer)
    url = f"/dialogue/activities/{activity.pk}/ics/"
    first = vobject.readOne(client.get(url).content.decode()).vevent
    services.activity_update(activity=activity, by=officer, location="Stadshuset")
    moved = vobject.readOne(client.get(url).content.decode()).vevent
    assert int(moved.sequence.value) == int(first.sequence.value) + 1
    assert officer.email in moved.organizer.value
    assert staff.email in {a.value.removeprefix("mailto:") for a in moved.attendee_list}
