from needs import demo
from needs.models import Challenge, Need, PriorityRound, Workshop, WorkshopGuest
from needs.selectors import round_ranking


def test_demo_seed_is_idempotent_and_holds_the_syd_story(db):
    from organizations import demo as organizations_demo

    organizations_demo.seed()
    demo.seed()
    demo.seed()
    assert Challenge.objects.count() == 11  # ten in the round, one later
    assert Workshop.objects.count() == 7
    assert 30 <= Need.objects.count() <= 40
    assert set(Need.objects.values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "in_challenge",
        "merged",
        "solved_otherwise",
        "deferred",
        "rejected",
    }
    ranking = round_ranking(PriorityRound.objects.get(status="decided"))
    assert {row["challenge"].title for row in ranking[:3]} == set(demo.WINNERS)
    assert [row["selected"] for row in ranking] == [True] * 3 + [False] * 7


def test_demo_has_a_guest_and_recorded_attendance(db, client):
    from organizations import demo as organizations_demo

    organizations_demo.seed()
    demo.seed()
    demo.seed()
    guest = WorkshopGuest.objects.get()
    assert guest.name == "Karin Lund" and guest.organization_name == "Vinnova"
    response = client.get(demo.GUEST_PATH)
    assert response.status_code == 200 and "Karin Lund" in response.content.decode()
    past = Workshop.objects.get(title=demo.WORKSHOPS[-1][0])
    assert past.attendance_recorded_at is not None
    assert past.participations.filter(attended=True).count() == 9
