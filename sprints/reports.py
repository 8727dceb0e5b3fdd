"""The sprint report (PDF): call-offs, sprints run, outcomes and prototypes of one agreement."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.registry import ReportKind

from .enums import CallOffState
from .models import Prototype
from .selectors import agreements_for_user, call_offs_for_user, distribution


class SprintReportForm(forms.Form):
    agreement = forms.ModelChoiceField(label=_("Framework agreement"), queryset=None)

    def __init__(self, data=None, *, user):
        super().__init__(data)
        self.fields["agreement"].queryset = (
            agreements_for_user(user).filter(municipalities=user.organization_id)
            if not user.is_platform_admin
            else agreements_for_user(user)
        )

    def to_params(self) -> dict:
        return {"agreement": self.cleaned_data["agreement"].pk}


def build_context(params: dict, user, progress) -> dict:
    agreement = agreements_for_user(user).get(pk=params["agreement"])
    progress(20, gettext("Collecting call-offs"))
    call_offs = list(
        call_offs_for_user(user)
        .filter(agreement=agreement)
        .select_related("organization", "supplier")
        .order_by("start_date")
    )
    run = [c for c in call_offs if c.state in (CallOffState.BOOKED, CallOffState.COMPLETED)]
    progress(50, gettext("Collecting outcomes"))
    outcomes = [c for c in call_offs if hasattr(c, "outcome")]
    prototypes = list(
        Prototype.objects.filter(outcome__call_off__in=[c.pk for c in call_offs]).select_related(
            "outcome__call_off"
        )
    )
    progress(80, gettext("Counting the distribution"))
    return {
        "title": gettext("Design sprint report"),
        "subtitle": str(agreement),
        "organization_name": user.organization.name if user.organization else "Samverka",
        "generated_at": timezone.now(),
        "requested_by": user.get_full_name(),
        "toc": [
            {"id": "call-offs", "title": gettext("Call-offs")},
            {"id": "sprints-run", "title": gettext("Sprints run")},
            {"id": "outcomes", "title": gettext("Outcomes")},
            {"id": "prototypes", "title": gettext("Prototypes")},
        ],
        "agreement": agreement,
        "call_offs": call_offs,
        "run": run,
        "outcomes": outcomes,
        "prototypes": prototypes,
        **distribution(agreement),
    }


def may_request(user) -> bool:
    return bool(
        user.is_authenticated
        and (
            user.is_platform_admin
            or (user.is_municipal and user.has_role("coordinator", "officer"))
        )
    )


REPORT_KINDS = [
    ReportKind(
        key="sprints.sprint_report",
        title=_("Design sprint report"),
        template="sprints/pdf/sprint_report.html",
        form_class=SprintReportForm,
        build_context=build_context,
        may_request=may_request,
        description=_(
            "Call-offs, sprints run, outcomes and prototypes under a framework agreement."
        ),
    )
]
