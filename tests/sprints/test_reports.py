from datetime import timedelta

from core.pdf import pdf_text, render_pdf
from core.registry import report_kinds
from sprints import services
from sprints.models import CallOff


def test_sprint_report_pdf_lists_call_offs_outcomes_and_prototypes(
    make_call_off, pwc, staff, coordinator, agreement, outsider
):
    call_off = make_call_off()
    services.offer_respond(offer=call_off.offers.get(), by=pwc.user, accept=True)
    past = call_off.start_date - timedelta(days=400)
    CallOff.objects.filter(pk=call_off.pk).update(start_date=past, end_date=past)
    outcome = services.outcome_record(
        call_off=call_off, by=staff, sprint_questions="Hittar eleven stödet?"
    )
    services.prototype_add(outcome=outcome, by=staff, title="Skolappen", link="https://x.example")
    kind = report_kinds()["sprints.sprint_report"]
    assert kind.may_request(coordinator) and not kind.may_request(staff)
    form = kind.form_class({"agreement": agreement.pk}, user=coordinator)
    assert form.is_valid()
    context = kind.build_context(form.to_params(), coordinator, lambda *a: None)
    text = pdf_text(render_pdf(kind.template, context, language="sv"))
    for expected in ("Skolans digitala stöd", "Hittar eleven stödet?", "Skolappen", "PwC"):
        assert expected in text
    assert not kind.form_class({"agreement": agreement.pk}, user=outsider).is_valid()
