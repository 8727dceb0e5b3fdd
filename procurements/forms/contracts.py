"""Forms for contracts: registering, joining, editing, extending, documents, the
partnership's go/no-go, follow-up."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..enums import PhaseDecision
from .common import DATE, _municipalities


class ContractForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=[])
    suppliers = forms.ModelMultipleChoiceField(
        label=_("Suppliers"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    signing_organizations = forms.ModelMultipleChoiceField(
        label=_("Signing municipalities"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    option_organizations = forms.ModelMultipleChoiceField(
        label=_("Municipalities with an option to join"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    option_deadline = forms.DateField(label=_("Last day to join"), widget=DATE, required=False)
    value_sek = forms.DecimalField(label=_("Value (SEK)"), min_value=0, required=False)
    start_date = forms.DateField(label=_("Start"), widget=DATE, required=False)
    end_date = forms.DateField(label=_("End"), widget=DATE, required=False)
    extension_options = forms.CharField(label=_("Extension options"), required=False)
    extended_until = forms.DateField(
        label=_("Latest end with all extensions"), widget=DATE, required=False
    )

    def __init__(self, *args, case, user, suppliers, **kwargs):
        from ..enums import ContractKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ContractKind.choices
        self.fields["suppliers"].queryset = suppliers
        self.fields["signing_organizations"].queryset = case.participating_organizations.all()
        self.fields["option_organizations"].queryset = _municipalities(user)


class JoinForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Municipality"), queryset=None)

    def __init__(self, *args, contract, user, **kwargs):
        super().__init__(*args, **kwargs)
        qs = contract.option_organizations.all()
        if not user.is_platform_admin:
            qs = qs.filter(pk__in=user.network_organization_ids)
        self.fields["organization"].queryset = qs


class PhaseDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (PhaseDecision.GO.value, PhaseDecision.GO.label),
            (PhaseDecision.NO_GO.value, PhaseDecision.NO_GO.label),
        ],
    )
    note = forms.CharField(label=_("Grounds"), widget=forms.Textarea)


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=200)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    baseline = forms.DecimalField(label=_("Baseline"))
    target = forms.DecimalField(label=_("Target"))


class MeasurementForm(forms.Form):
    measured_on = forms.DateField(label=_("Measured on"), widget=DATE)
    value = forms.DecimalField(label=_("Value"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    attendees = forms.CharField(label=_("Attendees"), widget=forms.Textarea)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea)
    lessons = forms.CharField(label=_("Lessons learned"), widget=forms.Textarea, required=False)


class ContractEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    value_sek = forms.DecimalField(label=_("Value (SEK)"), min_value=0, required=False)
    start_date = forms.DateField(label=_("Start"), widget=DATE, required=False)
    end_date = forms.DateField(label=_("End"), widget=DATE, required=False)
    extension_options = forms.CharField(
        label=_("Extension options"),
        max_length=300,
        required=False,
        help_text=_("E.g. 2 + 1 + 1 years: two options of one year each."),
    )
    extended_until = forms.DateField(
        label=_("Latest end with all extensions"), widget=DATE, required=False
    )
    option_deadline = forms.DateField(label=_("Last day to join"), widget=DATE, required=False)
    reason = forms.CharField(label=_("Reason for the change"), widget=forms.Textarea)

    def __init__(self, *args, contract, **kwargs):
        from ..services.contract_changes import EDITABLE_FIELDS

        kwargs.setdefault("initial", {name: getattr(contract, name) for name in EDITABLE_FIELDS})
        super().__init__(*args, **kwargs)
        if contract.extensions.exists():
            # Extended: the end moves only by an extension.
            del self.fields["end_date"]


class ContractExtendForm(forms.Form):
    new_end_date = forms.DateField(label=_("New end"), widget=DATE)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea)


class ContractDocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("The same title again adds a new version; the old one is kept."),
    )
    file = forms.FileField(label=_("File"))
