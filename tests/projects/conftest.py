import pytest

from tests.factories.organizations import MunicipalityFactory, NetworkFactory, UserFactory
from tests.factories.projects import (
    GrantFactory,
    GroupMemberFactory,
    MeetingFactory,
    ProjectFactory,
    ProjectGroupFactory,
)


@pytest.fixture
def world(db):
    """A network project with a steering and a reference group, each with a meeting, a
    grant, a need draft and a procurement case in the lead municipality; and a second
    project elsewhere."""
    from tests.factories.needs import NeedFactory
    from tests.factories.procurements import make_case

    ystad, skurup = MunicipalityFactory(), MunicipalityFactory()
    network = NetworkFactory(members=[ystad, skurup])
    coordinator = UserFactory(organization=ystad, roles=["coordinator"])
    officer = UserFactory(organization=ystad, roles=["officer"])
    project = ProjectFactory(organization=ystad, network=network, project_manager=coordinator)
    steering = ProjectGroupFactory(project=project, kind="steering", name="Styrgrupp")
    reference = ProjectGroupFactory(project=project, kind="reference", name="Referensgrupp")
    steering_meeting = MeetingFactory(group=steering, minutes="Styrgruppens protokoll")
    reference_meeting = MeetingFactory(group=reference, minutes="Referensgruppens protokoll")
    other = ProjectFactory()
    other_group = ProjectGroupFactory(project=other)
    other_meeting = MeetingFactory(group=other_group)
    return {
        "network": network,
        "ystad": ystad,
        "skurup": skurup,
        "coordinator": coordinator,
        "officer": officer,
        "project": project,
        "steering": steering,
        "reference": reference,
        "steering_meeting": steering_meeting,
        "reference_meeting": reference_meeting,
        "grant": GrantFactory(project=project),
        "other": other,
        "other_meeting": other_meeting,
        "need_draft": NeedFactory(
            author=UserFactory(organization=ystad), status="draft", submitted_at=None
        ),
        "case": make_case(officer),
        "add_member": lambda group, user: GroupMemberFactory(group=group, user=user),
    }
