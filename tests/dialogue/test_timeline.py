from datetime import timedelta

from django.utils import timezone

from dialogue import services, timeline
from dialogue.models import Rfi
from procurements.timeline import case_timeline
from tests.dialogue.conftest import answers_for
from tests.factories.dialogue import ActivityFactory


def test_timeline_lists_activities_rfis_and_answers(rfi, officer, supplier_user, outsider):
    services.rfi_response_save(rfi=rfi, user=supplier_user, answers=answers_for(rfi), submit=True)
    asked = services.clarification_ask(rfi=rfi, user=supplier_user, question="Fråga?")
    services.clarification_answer(clarification=asked, by=officer, answer="Svar.")
    ActivityFactory(case=rfi.case, created_by=officer, title="Heldag i Växjö", kind="visit")
    Rfi.objects.filter(pk=rfi.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    entries = timeline.entries(rfi.case, officer)
    kinds = sorted(e.kind for e in entries)
    assert kinds == ["dialogue", "question", "rfi", "rfi"]
    deadline = next(e for e in entries if e.title.startswith("Sista svarsdag"))
    assert deadline.detail == "1 svar inskickat."
    assert any("Heldag i Växjö" in e.title for e in entries)
    assert timeline.entries(rfi.case, outsider) == []
    # The case timeline picks the registered source up.
    assert {e.title for e in entries} <= {e.title for e in case_timeline(rfi.case, officer)}


def test_timeline_leaves_out_drafts(draft_rfi, officer):
    assert timeline.entries(draft_rfi.case, officer) == []
