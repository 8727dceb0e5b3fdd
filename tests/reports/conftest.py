from datetime import timedelta

import pytest
from django import forms
from django.utils import timezone

from core.registry import ReportKind
from procurements.models import ProcurementCase
from tests.factories.organizations import MunicipalityFactory, NetworkFactory, UserFactory
from tests.factories.reports import CaseFactory


class EmptyForm(forms.Form):
    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)

    def to_params(self):
        return {"x": 1}


def _ok_context(params, user, progress):
    progress(50, "halfway")
    return {"title": "Testrapport", "toc": [{"id": "a", "title": "A"}], "body_text": "Hej Åsa"}


@pytest.fixture
def test_kinds(monkeypatch, tmp_path, settings):
    """The real kinds plus a tiny test kind, and one that always fails."""
    import core.registry

    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "test_report.html").write_text(
        '{% extends "pdf/base.html" %}{% block body %}'
        '<section class="report-section" id="a"><h2>A</h2><p>{{ body_text }}</p></section>'
        "{% endblock %}"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path / "tpl"]}
    ]
    state = {"error": RuntimeError("boom")}

    def failing(params, user, progress):
        progress(30, "trying")
        raise state["error"]

    real = core.registry.report_kinds()
    kinds = {
        **real,
        "test.ok": ReportKind(
            key="test.ok",
            title="Testrapport",
            template="test_report.html",
            form_class=EmptyForm,
            build_context=_ok_context,
            may_request=lambda user: user.has_role("officer", "coordinator"),
        ),
        "test.fail": ReportKind(
            key="test.fail",
            title="Trasig rapport",
            template="test_report.html",
            form_class=EmptyForm,
            build_context=failing,
            may_request=lambda user: True,
        ),
    }
    monkeypatch.setattr(core.registry, "report_kinds", lambda: kinds)
    import reports.models
    import reports.selectors
    import reports.services

    monkeypatch.setattr(reports.selectors, "report_kinds", lambda: kinds)
    monkeypatch.setattr(reports.services, "report_kinds", lambda: kinds)
    return state


@pytest.fixture
def other_network(db):
    skurup = MunicipalityFactory(name="Skurup", municipality_code="1264")
    return NetworkFactory(name="Norr", members=[skurup])


@pytest.fixture
def other_coordinator(other_network):
    return UserFactory(
        organization=other_network.members.get(), roles=["coordinator"], email="c@skurup.test"
    )


@pytest.fixture
def neighbour_coordinator(trelleborg):
    return UserFactory(organization=trelleborg, roles=["coordinator"], email="c@trelleborg.test")


def move(case, *stages_days):
    """Move `case` through (stage, days after creation) and date the history events."""
    event_model = ProcurementCase.events.rel.related_model
    start = timezone.now() - timedelta(days=400)
    ProcurementCase.objects.filter(pk=case.pk).update(created_at=start)
    event_model.objects.filter(pgh_obj_id=case.pk).update(pgh_created_at=start)
    for stage, days in stages_days:
        extra = {}
        if stage == "cancelled":
            extra = {
                "cancellation_reason": "Inga anbud uppfyllde kraven.",
                "lessons_learned": "Ha tidig dialog med fler leverantörer.",
            }
        ProcurementCase.objects.filter(pk=case.pk).update(stage=stage, **extra)
        latest = event_model.objects.filter(pgh_obj_id=case.pk).order_by("-pgh_id").first()
        event_model.objects.filter(pk=latest.pk).update(pgh_created_at=start + timedelta(days=days))


@pytest.fixture
def portfolio_cases(ystad, trelleborg, vaxjo):
    """Four Syd cases (two innovation procurements, one cancelled) and one outside."""
    a = CaseFactory(
        title="Digitala trygghetslarm",
        lead_organization=ystad,
        participants=[trelleborg],
        procedure="innovation_partnership",
    )
    move(a, ("dialogue", 10), ("tender", 40), ("evaluation", 70))
    b = CaseFactory(
        title="Matlådor",
        lead_organization=ystad,
        procedure="open",
    )
    move(b, ("dialogue", 20), ("tender", 30))
    c = CaseFactory(
        title="Skolmöbler",
        lead_organization=trelleborg,
        procedure="competitive_dialogue",
    )
    move(c, ("dialogue", 10), ("cancelled", 50))
    d = CaseFactory(title="Städrobotar", lead_organization=trelleborg)
    e = CaseFactory(title="Växjös egen", lead_organization=vaxjo, procedure="pre_commercial")
    return {"a": a, "b": b, "c": c, "d": d, "e": e}
