"""The sharing impact report built from the demo data: the PDF says the figures."""

import pytest
from django.utils import timezone, translation

from core.pdf import pdf_text, render_pdf
from core.registry import report_kinds
from organizations import demo as organizations_demo
from organizations.models import User
from sharing import demo as sharing_demo
from sharing import selectors


@pytest.mark.django_db
def test_impact_report_pdf_shows_the_network_figures_from_demo_data():
    organizations_demo.seed()
    sharing_demo.seed()
    user = User.objects.get(email="staff@ystad.example")
    kind = report_kinds()["sharing_impact"]
    form = kind.form_class({"months": 12}, user=user)
    assert form.is_valid(), form.errors
    progress = []
    with translation.override("en"):  # the task builds the context in the report's language
        context = kind.build_context(form.to_params(), user, lambda p, m: progress.append(p))
    text = " ".join(pdf_text(render_pdf(kind.template, context, language="en")).split())

    totals = context["totals"]
    assert totals["items"] > 0
    expected = selectors.impact_totals(
        selectors.reuses_for_user(user).filter(completed_on__gte=context["period_start"])
    )
    assert totals == expected
    assert f"In the period {totals['items']} items were reused" in text
    for name in ("Ystad", "Trelleborg", "Skurup", "Tomelilla"):
        assert name in text
    assert "Sharing impact report" in text
    assert progress and progress[-1] <= 100
    assert context["period_end"] <= timezone.localdate()


@pytest.mark.django_db
def test_impact_report_form_refuses_a_municipality_outside_the_network(staff, vaxjo):
    kind = report_kinds()["sharing_impact"]
    form = kind.form_class({"municipality": vaxjo.pk, "months": 12}, user=staff)
    assert not form.is_valid()
    assert "municipality" in form.errors
