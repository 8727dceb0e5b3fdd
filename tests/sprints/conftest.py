from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from sprints import services
from sprints.enums import Route, SprintFormat
from tests.factories.sprints import RoomFactory, build_agreement, supplier_with_team, working_week


@dataclass
class Ranked:
    org: object
    team: object
    user: object


@pytest.fixture
def pwc(db):
    return Ranked(*supplier_with_team("PwC", "s@pwc.test"))


@pytest.fixture
def hiq(db):
    return Ranked(*supplier_with_team("HiQ", "s@hiq.test"))


@pytest.fixture
def aventyret(db):
    return Ranked(*supplier_with_team("Äventyret", "s@aventyret.test"))


@pytest.fixture
def agreement(ystad, trelleborg, pwc, hiq, aventyret):
    return build_agreement(
        municipalities=[ystad, trelleborg], suppliers=[pwc.org, hiq.org, aventyret.org]
    )


@pytest.fixture
def room(ystad):
    return RoomFactory(organization=ystad, name="Ystad Innovationsrum")


@pytest.fixture
def week():
    return working_week()


@pytest.fixture
def make_call_off(agreement, staff, room, week):
    def make(**overrides):
        fields = {
            "created_by": staff,
            "agreement": agreement,
            "title": "Skolans digitala stöd",
            "challenge": "Hur kan elever få stöd i tid?",
            "sprint_format": SprintFormat.FIVE_DAY,
            "start_date": week[0],
            "end_date": week[4],
            "room": room,
        }
        fields.update(overrides)
        return services.call_off_create(**fields)

    return make


@pytest.fixture
def booked(make_call_off, pwc):
    """A five-day sprint PwC accepted."""
    call_off = make_call_off()
    services.offer_respond(offer=call_off.offers.get(), by=pwc.user, accept=True)
    call_off.refresh_from_db()
    return call_off


@pytest.fixture
def competition(make_call_off):
    """A renewed competition open for three more days, price weighing 40 %."""
    return make_call_off(
        route=Route.COMPETITION,
        competition_deadline=timezone.now() + timedelta(days=3),
        criteria="Pris 40 %, kvalitet 60 %",
        price_weight=40,
    )


@pytest.fixture(autouse=True)
def _english_messages():
    """Service tests read messages in English; view tests get the user's language (sv)
    from the middleware and check the Swedish text."""
    from django.utils import translation

    with translation.override("en"):
        yield
