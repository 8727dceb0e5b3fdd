from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import DayPart, DeclineReason, ParticipantRole, Route, SprintFormat
from .models import AgreementFormat, FacilitatorTeam, Room, Session


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CallOffForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    challenge = forms.CharField(label=_("The challenge"), widget=forms.Textarea(attrs={"rows": 4}))
    sprint_format = forms.ChoiceField(label=_("Format"), choices=SprintFormat.choices)
    start_date = forms.DateField(label=_("First day"), widget=DateInput)
    end_date = forms.DateField(label=_("Last day"), widget=DateInput, required=False)
    day_part = forms.ChoiceField(
        label=_("Time of day"), choices=DayPart.choices, initial=DayPart.FULL_DAY
    )
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none(), required=False)
    route = forms.ChoiceField(
        label=_("Route"), choices=Route.choices, initial=Route.RANKING, widget=forms.RadioSelect
    )
    competition_deadline = forms.DateTimeField(
        label=_("Answers due (renewed competition)"), widget=DateTimeInput, required=False
    )
    criteria = forms.CharField(
        label=_("Criteria (renewed competition)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    price_weight = forms.IntegerField(
        label=_("Weight of price (%)"), min_value=0, max_value=100, initial=40
    )

    def __init__(self, *args, agreement, user, **kwargs):
        super().__init__(*args, **kwargs)
        held = set(
            AgreementFormat.objects.filter(agreement=agreement).values_list("format", flat=True)
        )
        self.fields["sprint_format"].choices = [c for c in SprintFormat.choices if c[0] in held]
        self.fields["room"].queryset = Room.objects.filter(organization_id=user.organization_id)


class DeclineForm(forms.Form):
    decline_reason = forms.ChoiceField(label=_("Reason"), choices=DeclineReason.choices)
    note = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class AcceptForm(forms.Form):
    team = forms.ModelChoiceField(
        label=_("Facilitator team"), queryset=FacilitatorTeam.objects.none()
    )

    def __init__(self, *args, supplier_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = FacilitatorTeam.objects.filter(supplier_id=supplier_id)


class CompetitionAnswerForm(AcceptForm):
    price_sek = forms.DecimalField(label=_("Price (SEK)"), max_digits=12, decimal_places=2)
    approach = forms.CharField(
        label=_("Approach and team"), widget=forms.Textarea(attrs={"rows": 5})
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class RescheduleForm(forms.Form):
    start_date = forms.DateField(label=_("New first day"), widget=DateInput)
    end_date = forms.DateField(label=_("New last day"), widget=DateInput, required=False)
    day_part = forms.ChoiceField(label=_("Time of day"), choices=DayPart.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ParticipantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ParticipantRole.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    affiliation = forms.CharField(label=_("Organisation or unit"), max_length=200, required=False)
    test_slot_start = forms.DateTimeField(
        label=_("Interview time (test users)"), widget=DateTimeInput, required=False
    )
    is_citizen = forms.BooleanField(label=_("The test user is a citizen"), required=False)
    consent = forms.BooleanField(
        label=_("The citizen has given consent to take part and to be recorded"), required=False
    )


class AbsenceForm(forms.Form):
    sessions = forms.ModelMultipleChoiceField(
        label=_("Absent from"),
        queryset=Session.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, call_off, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sessions"].queryset = call_off.sessions.all()
        self.fields["sessions"].label_from_instance = lambda s: _("Day %(n)s") % {"n": s.day_number}


class OutcomeForm(forms.Form):
    sprint_questions = forms.CharField(
        label=_("Sprint questions"), widget=forms.Textarea(attrs={"rows": 3})
    )
    test_findings = forms.CharField(
        label=_("What the user tests showed"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    next_steps = forms.CharField(
        label=_("Next steps"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class PrototypeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    audience = forms.CharField(label=_("For whom"), max_length=200, required=False)
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    file = forms.FileField(label=_("File"), required=False)


class EvaluationForm(forms.Form):
    RATINGS = [(n, str(n)) for n in range(1, 6)]
    rating = forms.TypedChoiceField(label=_("Overall rating (1–5)"), choices=RATINGS, coerce=int)
    facilitation_rating = forms.TypedChoiceField(
        label=_("Facilitation (1–5)"), choices=RATINGS, coerce=int
    )
    most_useful = forms.CharField(
        label=_("What was most useful"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    improve = forms.CharField(
        label=_("What should be improved"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ClosureDayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), max_length=200)


class RoomForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=1000, initial=12)


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    members = forms.CharField(
        label=_("Facilitators"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One name per line."),
    )


class AgreementFromContractForm(forms.Form):
    contract = forms.ModelChoiceField(
        label=_("Framework contract"),
        queryset=FacilitatorTeam.objects.none(),  # replaced in __init__
        help_text=_("A signed framework agreement of a procurement you run."),
    )
    reference = forms.CharField(label=_("Reference number"), max_length=40)
    max_value_sek = forms.DecimalField(
        label=_("Maximum value (SEK)"), max_digits=14, decimal_places=2, min_value=1
    )
    notice_working_days = forms.IntegerField(
        label=_("Notice period (working days)"), min_value=0, max_value=100, initial=10
    )
    late_cancellation_percent = forms.IntegerField(
        label=_("Cost after the cut-off (percentage of the price)"),
        min_value=0,
        max_value=100,
        initial=50,
    )
    response_working_days = forms.IntegerField(
        label=_("Response time for offers (working days)"), min_value=1, max_value=30, initial=2
    )

    def __init__(self, *args, contracts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contracts


class AgreementTermsForm(forms.Form):
    """The agreement's terms with one field per format length and per supplier and format."""

    title = forms.CharField(label=_("Title"), max_length=300)
    start_date = forms.DateField(label=_("Valid from"), widget=forms.DateInput({"type": "date"}))
    end_date = forms.DateField(label=_("Valid until"), widget=forms.DateInput({"type": "date"}))
    max_value_sek = forms.DecimalField(
        label=_("Maximum value (SEK)"), max_digits=14, decimal_places=2, min_value=1
    )
    notice_working_days = forms.IntegerField(
        label=_("Notice period (working days)"), min_value=0, max_value=100
    )
    late_cancellation_percent = forms.IntegerField(
        label=_("Cost after the cut-off (percentage of the price)"), min_value=0, max_value=100
    )
    response_working_days = forms.IntegerField(
        label=_("Response time for offers (working days)"), min_value=1, max_value=30
    )

    def __init__(self, *args, agreement, ranking, formats, prices, **kwargs):
        super().__init__(*args, **kwargs)
        self.format_rows = []
        lengths = {f.format: f for f in formats}
        for sprint_format in SprintFormat:
            existing = lengths.get(sprint_format.value)
            offered = f"offered_{sprint_format.value}"
            days = f"days_{sprint_format.value}"
            self.fields[offered] = forms.BooleanField(
                label=_("%(format)s is part of the agreement") % {"format": sprint_format.label},
                required=False,
                initial=existing is not None,
            )
            self.fields[days] = forms.IntegerField(
                label=_("Days of %(format)s") % {"format": sprint_format.label},
                min_value=1,
                max_value=10,
                initial=existing.days if existing else None,
                required=False,
            )
            self.format_rows.append((sprint_format, offered, days))
        self.price_rows = []
        for entry in ranking:
            row = []
            for sprint_format in SprintFormat:
                name = f"price_{entry.supplier_id}_{sprint_format.value}"
                self.fields[name] = forms.DecimalField(
                    label=_("Price of %(format)s from %(supplier)s (SEK)")
                    % {"format": sprint_format.label, "supplier": entry.supplier.name},
                    max_digits=12,
                    decimal_places=2,
                    required=False,
                    initial=prices.get((entry.supplier_id, sprint_format.value)),
                )
                row.append(name)
            self.price_rows.append((entry, row))

    def clean(self):
        data = super().clean()
        for _format, offered, days in self.format_rows:
            if data.get(offered) and not data.get(days):
                self.add_error(days, _("Enter the number of days."))
        return data

    def terms(self) -> dict:
        data = self.cleaned_data
        formats = {}
        for sprint_format, offered, days in self.format_rows:
            if data.get(offered):
                length = data[days]
                # A half-day workshop is one session; the others one session per day.
                formats[sprint_format.value] = (length, length)
        prices = {}
        for entry, names in self.price_rows:
            for sprint_format, name in zip(SprintFormat, names, strict=True):
                prices[(entry.supplier_id, sprint_format.value)] = data.get(name)
        return {
            **{key: data[key] for key in (
                "title", "start_date", "end_date", "max_value_sek", "notice_working_days",
                "late_cancellation_percent", "response_working_days")},
            "formats": formats,
            "prices": prices,
        }  # fmt: skip
