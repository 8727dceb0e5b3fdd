"""Forms. Every choice queryset is scoped to what the user may touch (contract forms in
`contracts.py`, re-exported here)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization

from ..enums import Procedure, ReviewStatus, RoundKind, Stage
from .common import DATE, DATETIME, _case_people, _municipalities
from .contracts import (
    ContractDocumentForm,
    ContractEditForm,
    ContractExtendForm,
    ContractForm,
    IndicatorForm,
    JoinForm,
    MeasurementForm,
    MeetingForm,
    PhaseDecideForm,
)


class CaseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    lead_organization = forms.ModelChoiceField(label=_("Lead municipality"), queryset=None)
    participating_organizations = forms.ModelMultipleChoiceField(
        label=_("Participating municipalities"), queryset=None, required=False
    )
    procedure = forms.ChoiceField(
        label=_("Procedure"), choices=[("", "—"), *Procedure.choices], required=False
    )
    expected_effects = forms.CharField(
        label=_("Expected effects"), widget=forms.Textarea, required=False
    )
    estimated_value_sek = forms.DecimalField(
        label=_("Estimated value (SEK)"), min_value=0, required=False
    )
    outside_lou_reason = forms.CharField(
        label=_("Why the procurement falls outside LOU (pre-commercial only)"),
        widget=forms.Textarea,
        required=False,
    )

    def __init__(self, *args, user, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = _municipalities(user)
        self.fields["participating_organizations"].queryset = municipalities
        if case is None:
            self.fields["lead_organization"].queryset = (
                municipalities
                if user.is_platform_admin
                else Organization.objects.filter(pk=user.organization_id)
            )
            self.fields["lead_organization"].initial = user.organization_id
        else:
            del self.fields["lead_organization"]
            people = _case_people(case)
            self.fields["responsible_officer"] = forms.ModelChoiceField(
                label=_("Responsible officer"),
                queryset=people.filter(roles__overlap=["officer", "coordinator"]),
                required=False,
            )
            self.fields["need_owner"] = forms.ModelChoiceField(
                label=_("Need owner"), queryset=people, required=False
            )
            self.fields["team"] = forms.ModelMultipleChoiceField(
                label=_("Team"), queryset=people, required=False
            )


class TransitionForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Move to"), choices=Stage.choices)
    reason = forms.CharField(label=_("Why (for the record)"), widget=forms.Textarea, required=False)
    cancellation_reason = forms.CharField(
        label=_("Reason for cancelling"), widget=forms.Textarea, required=False
    )
    lessons_learned = forms.CharField(
        label=_("Lessons learned"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = choices
        if not any(value == Stage.CANCELLED for value, _label in choices):
            del self.fields["cancellation_reason"]
            del self.fields["lessons_learned"]


class TenderForm(forms.Form):
    summary = forms.CharField(label=_("What is procured"), widget=forms.Textarea)
    deadline = forms.DateTimeField(
        label=_("Deadline for bids (Swedish time)"), widget=DATETIME, required=False
    )
    requests_deadline = forms.DateTimeField(
        label=_("Deadline for requests to participate (Swedish time)"),
        help_text=_("Procedures with a selection stage: before the deadline for bids."),
        widget=DATETIME,
        required=False,
    )
    max_candidates = forms.IntegerField(
        label=_("Most candidates invited"),
        help_text=_("When the notice limits the number; empty: every qualified candidate."),
        min_value=1,
        required=False,
    )
    accelerated = forms.BooleanField(label=_("Accelerated procedure"), required=False)
    scale_min = forms.IntegerField(label=_("Lowest score"), min_value=0, initial=0)
    scale_max = forms.IntegerField(label=_("Highest score"), min_value=1, initial=5)


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Criterion"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False)
    weight = forms.IntegerField(label=_("Weight (%)"))


class RequirementForm(forms.Form):
    text = forms.CharField(label=_("Mandatory requirement"), max_length=500)


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Document title"),
        max_length=200,
        help_text=_("Use an existing title to upload a new version."),
    )
    file = forms.FileField(label=_("File"))
    reason = forms.CharField(
        label=_("Reason for the amendment (after publication)"),
        widget=forms.Textarea,
        required=False,
    )


class QuestionForm(forms.Form):
    question = forms.CharField(label=_("Your question"), widget=forms.Textarea)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer (published to all suppliers)"), widget=forms.Textarea)
    new_deadline = forms.DateTimeField(
        label=_("Extend the deadline to"), widget=DATETIME, required=False
    )
    extension_reason = forms.CharField(label=_("Reason for the extension"), required=False)


class ExtendForm(forms.Form):
    deadline = forms.DateTimeField(label=_("New deadline (Swedish time)"), widget=DATETIME)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class BidForm(forms.Form):
    text = forms.CharField(label=_("Your offer"), widget=forms.Textarea)
    price_sek = forms.DecimalField(label=_("Price (SEK)"), min_value=0)
    files = MultipleFileField(label=_("Attachments (replace earlier ones)"), required=False)


class EvaluatorForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Evaluator"), queryset=None)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _case_people(case).filter(
            roles__overlap=["evaluator", "officer", "coordinator", "staff"]
        )


class DeclarationForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I declare that I have no conflict of interest with any supplier in this "
            "procurement, and will say so at once if one arises."
        )
    )
    declaration = forms.CharField(label=_("Comment (optional)"), required=False)


class ScoreForm(forms.Form):
    criterion = forms.ModelChoiceField(label=_("Criterion"), queryset=None)
    score = forms.IntegerField(label=_("Score"))
    justification = forms.CharField(label=_("Justification"), widget=forms.Textarea)

    def __init__(self, *args, tender, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = tender.criteria.all()
        self.fields["score"].help_text = _("From %(min)s to %(max)s.") % {
            "min": tender.scale_min,
            "max": tender.scale_max,
        }


class RequirementCheckForm(forms.Form):
    requirement = forms.ModelChoiceField(label=_("Requirement"), queryset=None)
    passed = forms.TypedChoiceField(
        label=_("Met"),
        choices=[("1", _("Yes")), ("0", _("No"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args, tender, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = tender.requirements.all()


class RoundForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RoundKind.choices)
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea)


class ParticipationRequestForm(forms.Form):
    text = forms.CharField(label=_("How you meet the selection criteria"), widget=forms.Textarea)
    files = MultipleFileField(label=_("Attachments (replace earlier ones)"), required=False)


class AssessmentForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Meets the selection criteria"),
        choices=[("1", _("Yes")), ("0", _("No"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 2}))
    rank = forms.IntegerField(label=_("Rank"), min_value=1, required=False)


class SelectionForm(forms.Form):
    invited = forms.ModelMultipleChoiceField(
        label=_("Candidates invited to tender"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, requests, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invited"].queryset = requests


class RoundOpenForm(forms.Form):
    """Open a negotiation round: deadline, final or not, and a reasoned decision per
    remaining candidate (fields `c<id>_continues`, `c<id>_reasons`)."""

    deadline = forms.DateTimeField(
        label=_("Deadline for revised tenders (Swedish time)"), widget=DATETIME
    )
    is_final = forms.BooleanField(
        label=_("Call for final tenders (no negotiation after them)"), required=False
    )
    notes = forms.CharField(
        label=_("What the round is about"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for org in self.candidates:
            self.fields[f"c{org.pk}_continues"] = forms.BooleanField(
                label=_("%(name)s continues") % {"name": org.name}, required=False, initial=True
            )
            self.fields[f"c{org.pk}_reasons"] = forms.CharField(
                label=_("Reasons for %(name)s") % {"name": org.name}, max_length=2000
            )

    def decisions(self) -> dict:
        data = self.cleaned_data
        return {
            org: (data.get(f"c{org.pk}_continues", False), data.get(f"c{org.pk}_reasons", ""))
            for org in self.candidates
        }


class RoundQuestionForm(forms.Form):
    supplier = forms.ModelChoiceField(label=_("Candidate"), queryset=None)
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = candidates


class RoundAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 3}))


class RoundTenderForm(forms.Form):
    text = forms.CharField(label=_("Your revised offer"), widget=forms.Textarea)
    price_sek = forms.DecimalField(label=_("Price (SEK)"), min_value=0)


class AwardProposalForm(forms.Form):
    winning_bids = forms.ModelMultipleChoiceField(
        label=_("Winner(s)"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea)

    def __init__(self, *args, bids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["winning_bids"].queryset = bids


class AwardNoticeForm(forms.Form):
    sent_electronically = forms.BooleanField(
        label=_("The notice is sent electronically"), required=False, initial=True
    )


class CancellationProposalForm(forms.Form):
    reasons = forms.CharField(
        label=_("Why the procurement should be cancelled"), widget=forms.Textarea
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approved", _("Approve")), ("sent_back", _("Send back"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note (required when sending back)"), widget=forms.Textarea, required=False
    )


class DelegationChoiceForm(forms.Form):
    delegation = forms.ModelChoiceField(label=_("Decided by (role)"), queryset=None)

    def __init__(self, *args, case, **kwargs):
        from ..models import DelegationEntry

        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = DelegationEntry.objects.filter(
            organization_id=case.lead_organization_id, active=True
        ).select_related("holder")


class DelegationEntryForm(forms.Form):
    """A line of the municipality's delegation list (delegationsordning)."""

    role_title = forms.CharField(
        label=_("Role"), max_length=200, help_text=_("E.g. Upphandlingschef or Kommunstyrelsen.")
    )
    holder = forms.ModelChoiceField(label=_("Held by"), queryset=None)
    may_award = forms.BooleanField(label=_("May take award decisions"), required=False)
    may_cancel = forms.BooleanField(label=_("May cancel procurements"), required=False)
    max_value_sek = forms.DecimalField(
        label=_("Up to value (SEK)"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("Empty: no limit."),
    )

    def __init__(self, *args, organization, **kwargs):
        from organizations.models import User

        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = User.objects.filter(
            organization=organization, is_active=True
        ).order_by("full_name", "email")


class ReviewForm(forms.Form):
    applicant = forms.CharField(label=_("Applicant"), max_length=200)
    court = forms.CharField(label=_("Court"), max_length=200, required=False)
    filed_on = forms.DateField(label=_("Filed on"), widget=DATE)


class ReviewDecideForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(s.value, s.label) for s in ReviewStatus if s != ReviewStatus.PENDING],
    )
    outcome = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False)


__all__ = [
    "ContractDocumentForm",
    "ContractEditForm",
    "ContractExtendForm",
    "ContractForm",
    "IndicatorForm",
    "JoinForm",
    "MeasurementForm",
    "MeetingForm",
    "PhaseDecideForm",
]
