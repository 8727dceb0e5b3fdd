from datetime import timedelta

from django.urls import reverse
from icalendar import Calendar

from sprints import services
from sprints.enums import CallOffState, OfferState, SprintFormat
from sprints.models import CallOff
from tests.factories.organizations import UserFactory


def _form(week, **overrides):
    data = {
        "title": "Bygglov på nätet",
        "challenge": "Hur blir ansökan begriplig?",
        "sprint_format": SprintFormat.FIVE_DAY,
        "start_date": week[0].isoformat(),
        "end_date": week[4].isoformat(),
        "day_part": "full_day",
        "route": "ranking",
        "price_weight": 40,
    }
    data.update(overrides)
    return data


def test_call_off_page_creates_call_off_and_offers_first_supplier(
    client, staff, agreement, week, pwc
):
    client.force_login(staff)
    url = reverse("sprints:calloff-create", args=[agreement.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(week))
    call_off = CallOff.objects.get()
    assert response.status_code == 302 and response.url == call_off.get_absolute_url()
    assert call_off.offers.get().supplier == pwc.org


def test_call_off_page_weekend_date_shows_message_and_creates_nothing(
    client, staff, agreement, week
):
    client.force_login(staff)
    saturday = week[0] - timedelta(days=2)
    response = client.post(
        reverse("sprints:calloff-create", args=[agreement.pk]),
        _form(week, start_date=saturday.isoformat()),
    )
    assert response.status_code == 200
    assert "start_date" in response.context["form"].errors
    assert not CallOff.objects.exists()


def test_call_off_page_start_after_end_shows_message(client, staff, agreement, week):
    client.force_login(staff)
    response = client.post(
        reverse("sprints:calloff-create", args=[agreement.pk]),
        _form(week, start_date=week[4].isoformat(), end_date=week[0].isoformat()),
    )
    assert response.context["form"].errors["end_date"] == ["Sista dagen ligger före första dagen."]
    assert not CallOff.objects.exists()


def test_call_off_page_forged_format_is_refused(client, staff, ystad, pwc, week):
    from tests.factories.sprints import build_agreement

    agreement = build_agreement(
        municipalities=[ystad], suppliers=[pwc.org], formats=[SprintFormat.FIVE_DAY]
    )
    client.force_login(staff)
    response = client.post(
        reverse("sprints:calloff-create", args=[agreement.pk]),
        _form(week, sprint_format=SprintFormat.ONE_DAY, end_date=week[0].isoformat()),
    )
    assert "sprint_format" in response.context["form"].errors
    assert not CallOff.objects.exists()


def test_non_party_municipality_gets_403_with_reason(client, outsider, agreement):
    client.force_login(outsider)
    response = client.get(reverse("sprints:calloff-create", args=[agreement.pk]))
    assert response.status_code == 403
    assert "has not signed" in response.content.decode() or "har inte" in response.content.decode()
    response = client.post(reverse("sprints:calloff-create", args=[agreement.pk]), {})
    assert response.status_code == 403
    assert not CallOff.objects.exists()


def test_outsider_and_neighbour_get_404_on_call_off(client, outsider, neighbour, make_call_off):
    call_off = make_call_off()
    for user in (outsider, neighbour):
        client.force_login(user)
        assert client.get(call_off.get_absolute_url()).status_code == 404


def test_supplier_sees_only_call_offs_addressed_to_it(
    client, make_call_off, pwc, hiq, supplier_user
):
    call_off = make_call_off()
    client.force_login(pwc.user)
    response = client.get(call_off.get_absolute_url())
    assert response.status_code == 200
    assert response.context["my_offer"] == call_off.offers.get()
    assert response.context["participants"] == []
    for user in (hiq.user, supplier_user):
        client.force_login(user)
        assert client.get(call_off.get_absolute_url()).status_code == 404
        assert list(client.get(reverse("sprints:calloff-list")).context["page_obj"]) == []


def test_supplier_declines_in_portal_and_next_supplier_sees_it(
    client, make_call_off, pwc, hiq, django_capture_on_commit_callbacks
):
    call_off = make_call_off()
    offer = call_off.offers.get()
    client.force_login(pwc.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("sprints:offer-respond", args=[offer.pk]),
            {"answer": "decline", "decline_reason": "no_capacity", "note": "Fullbokade"},
        )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.state == OfferState.DECLINED
    client.force_login(hiq.user)
    assert client.get(call_off.get_absolute_url()).context["my_offer"].supplier == hiq.org
    # PwC still sees the call-off it declined, but only its own offer.
    client.force_login(pwc.user)
    assert [o.supplier for o in client.get(call_off.get_absolute_url()).context["offers"]] == [
        pwc.org
    ]


def test_other_supplier_cannot_answer_offer(client, make_call_off, hiq):
    offer = make_call_off().offers.get()
    client.force_login(hiq.user)
    response = client.post(reverse("sprints:offer-respond", args=[offer.pk]), {"answer": "accept"})
    assert response.status_code == 404
    offer.refresh_from_db()
    assert offer.state == OfferState.PENDING


def test_accept_in_portal_books(client, make_call_off, pwc):
    call_off = make_call_off()
    client.force_login(pwc.user)
    client.post(
        reverse("sprints:offer-respond", args=[call_off.offers.get().pk]),
        {"answer": "accept", "team": pwc.team.pk},
    )
    call_off.refresh_from_db()
    assert call_off.state == CallOffState.BOOKED


def test_ics_download_parses_and_is_scoped(client, booked, staff, outsider, hiq):
    session = booked.sessions.get(day_number=1)
    url = reverse("sprints:session-ics", args=[session.pk])
    client.force_login(staff)
    response = client.get(url)
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert next(c for c in calendar.walk() if c.name == "VEVENT")["SUMMARY"].startswith(
        booked.title
    )
    for user in (outsider, hiq.user):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_cancel_view_needs_reason_and_cancels(client, booked, staff, neighbour):
    url = reverse("sprints:calloff-cancel", args=[booked.pk])
    client.force_login(neighbour)
    assert client.post(url, {"reason": "x"}).status_code == 404
    client.force_login(staff)
    client.post(url, {"reason": ""})
    booked.refresh_from_db()
    assert booked.state == CallOffState.BOOKED
    client.post(url, {"reason": "Omprioritering"})
    booked.refresh_from_db()
    assert booked.state == CallOffState.CANCELLED


def test_participant_page_core_team_limit_message(client, booked, staff):
    for n in range(7):
        services.participant_add(call_off=booked, by=staff, role="core_team", name=f"P{n}")
    client.force_login(staff)
    response = client.post(
        reverse("sprints:participant-add", args=[booked.pk]), {"role": "core_team", "name": "P8"}
    )
    assert response.status_code == 200
    assert "expert" in response.context["form"].errors["role"][0]
    assert booked.participants.count() == 7


def test_detail_shows_decider_warning(client, booked, staff):
    client.force_login(staff)
    response = client.get(booked.get_absolute_url())
    assert response.context["warnings"]


def test_call_off_list_query_count(
    client, staff, make_call_off, django_assert_max_num_queries, week
):
    make_call_off()
    client.force_login(staff)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("sprints:calloff-list"))
    assert len(response.context["page_obj"]) == 1
    for n in range(4):
        make_call_off(
            title=f"Sprint {n}",
            room=None,
            sprint_format=SprintFormat.ONE_DAY,
            start_date=week[n],
            end_date=week[n],
        )
    with django_assert_max_num_queries(8):
        response = client.get(reverse("sprints:calloff-list"))
    assert len(response.context["page_obj"]) == 5


def test_calendar_and_prototypes_query_count(
    client, booked, staff, neighbour, django_assert_max_num_queries
):
    client.force_login(staff)
    month = booked.start_date.strftime("%Y-%m")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("sprints:calendar"), {"month": month})
    assert len(response.context["sessions"]) == 5
    client.force_login(neighbour)
    assert len(client.get(reverse("sprints:calendar"), {"month": month}).context["sessions"]) == 0


def test_prototype_list_across_network(
    client, booked, staff, neighbour, outsider, django_assert_max_num_queries
):
    from sprints.models import CallOff as Model

    past = booked.start_date - timedelta(days=400)
    Model.objects.filter(pk=booked.pk).update(start_date=past, end_date=past)
    booked.refresh_from_db()
    outcome = services.outcome_record(call_off=booked, by=staff, sprint_questions="?")
    for n in range(3):
        services.prototype_add(outcome=outcome, by=staff, title=f"P{n}", link="https://x.example/")
    client.force_login(neighbour)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("sprints:prototype-list"))
    assert len(response.context["page_obj"]) == 3
    client.force_login(outsider)
    assert len(client.get(reverse("sprints:prototype-list")).context["page_obj"]) == 0


def test_distribution_lists_passed_over_suppliers(
    client, make_call_off, staff, pwc, agreement, outsider, django_capture_on_commit_callbacks
):
    call_off = make_call_off()
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_respond(
            offer=call_off.offers.get(),
            by=pwc.user,
            accept=False,
            decline_reason="conflict_of_interest",
        )
    client.force_login(staff)
    response = client.get(reverse("sprints:agreement-distribution", args=[agreement.pk]))
    assert [o.supplier for o in response.context["passed_over"]] == [pwc.org]
    assert "Conflict of interest" in response.content.decode() or "Jäv" in response.content.decode()
    client.force_login(outsider)
    assert (
        client.get(reverse("sprints:agreement-distribution", args=[agreement.pk])).status_code
        == 404
    )


def test_agreement_detail_shows_usage(client, staff, agreement, make_call_off):
    make_call_off()
    client.force_login(staff)
    response = client.get(agreement.get_absolute_url())
    assert response.context["agreement"].called_off_sek == 250000
    assert response.context["may_call_off"] is True


def test_supplier_dashboard_cards(client, make_call_off, pwc):
    make_call_off()
    client.force_login(pwc.user)
    response = client.get(reverse("core:dashboard"))
    assert "Skolans digitala stöd" in response.content.decode()


def test_evaluation_page(client, booked, staff):
    from sprints.models import CallOff as Model

    past = booked.start_date - timedelta(days=400)
    Model.objects.filter(pk=booked.pk).update(start_date=past, end_date=past)
    client.force_login(staff)
    response = client.post(
        reverse("sprints:evaluation", args=[booked.pk]), {"rating": 5, "facilitation_rating": 4}
    )
    assert response.status_code == 302
    assert booked.evaluations.get().rating == 5


def test_outcome_starts_need_via_view(client, booked, staff):
    from sprints.models import CallOff as Model

    past = booked.start_date - timedelta(days=400)
    Model.objects.filter(pk=booked.pk).update(start_date=past, end_date=past)
    client.force_login(staff)
    client.post(reverse("sprints:outcome-edit", args=[booked.pk]), {"sprint_questions": "Hur?"})
    client.post(reverse("sprints:outcome-start", args=[booked.pk, "need"]))
    booked.refresh_from_db()
    assert booked.outcome.need.title == booked.title
    assert booked.state == CallOffState.COMPLETED


def test_closure_days_page(client, ystad):
    coordinator = UserFactory(organization=ystad, roles=["coordinator"])
    client.force_login(coordinator)
    response = client.post(
        reverse("sprints:closure-days"), {"date": "2030-06-10", "reason": "Planeringsdag"}
    )
    assert response.status_code == 302
    assert ystad.closure_days.get().reason == "Planeringsdag"


def test_timeline_shows_sprint_that_started_the_case(booked, staff, ystad, outsider):
    from sprints.models import CallOff as Model
    from sprints.timeline import entries

    officer = UserFactory(organization=ystad, roles=["officer"])
    past = booked.start_date - timedelta(days=400)
    Model.objects.filter(pk=booked.pk).update(start_date=past, end_date=past)
    outcome = services.outcome_record(
        call_off=booked, by=staff, sprint_questions="?", next_steps="Upphandla"
    )
    case = services.outcome_start_procurement(outcome=outcome, by=officer)
    assert [e.detail for e in entries(case, officer)] == ["Upphandla"]
    assert entries(case, outsider) == []
