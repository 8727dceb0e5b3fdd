from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.selectors import municipalities_in_user_networks, organizations_for_user

from .enums import GuestReply, NeedStatus
from .models import AnswerOption, Challenge, Need, Workshop
from .selectors import challenges_for_user, needs_for_user, network_users, networks_coordinated_by


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class NeedForm(forms.ModelForm):
    attachment = forms.FileField(
        label=_("Attachment"), required=False, help_text=_("A picture or a document (optional).")
    )

    class Meta:
        model = Need
        fields = ["title", "department", "problem", "affected", "current_cost", "desired_effect"]
        widgets = {
            "title": forms.TextInput(
                attrs={
                    "hx-get": "",
                    "hx-trigger": "keyup changed delay:600ms",
                    "hx-target": "#duplicates",
                    "hx-include": "#id_problem",
                }
            ),
            "problem": forms.Textarea(
                attrs={
                    "rows": 5,
                    "hx-get": "",
                    "hx-trigger": "keyup changed delay:800ms",
                    "hx-target": "#duplicates",
                    "hx-include": "#id_title",
                }
            ),
            "affected": forms.Textarea(attrs={"rows": 2}),
            "current_cost": forms.Textarea(attrs={"rows": 2}),
            "desired_effect": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "problem": _("Describe the problem, not a product or a solution."),
            "current_cost": _("What it costs today in money, time or trouble."),
        }

    def __init__(self, *args, duplicates_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "problem"):
            self.fields[name].widget.attrs["hx-get"] = duplicates_url
        self.fields["problem"].required = True

    def clean_problem(self):
        problem = (self.cleaned_data.get("problem") or "").strip()
        if not problem:
            raise forms.ValidationError(_("Describe the problem in your own words."))
        return problem


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))


class AssessorForm(forms.Form):
    assessor = forms.ModelChoiceField(label=_("Assessor"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = network_users(user).order_by("full_name")
        self.fields["assessor"].label_from_instance = lambda u: f"{u} ({u.organization})"


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, need, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = need.assessment_notes.all()


class AnswerForm(forms.Form):
    option = forms.ModelChoiceField(label=_("Answer"), queryset=None)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The submitter sees the answer and the reason."),
    )
    challenge = forms.ModelChoiceField(
        label=_("Challenge (when taken into one)"), queryset=None, required=False
    )
    merged_into = forms.ModelChoiceField(
        label=_("Merge into (when merged)"), queryset=None, required=False
    )

    def __init__(self, *args, user, need, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].queryset = AnswerOption.objects.filter(is_active=True)
        self.fields["challenge"].queryset = challenges_for_user(user)
        self.fields["merged_into"].queryset = (
            needs_for_user(user).exclude(pk=need.pk).exclude(status=NeedStatus.DRAFT)
        )

    def clean(self):
        data = super().clean()
        option = data.get("option")
        if (
            option
            and option.resulting_status == NeedStatus.IN_CHALLENGE
            and not data.get("challenge")
        ):
            self.add_error("challenge", _("Choose the challenge."))
        if option and option.resulting_status == NeedStatus.MERGED and not data.get("merged_into"):
            self.add_error("merged_into", _("Choose the need to merge into."))
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejecting"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ChallengeForm(forms.ModelForm):
    needs = forms.ModelMultipleChoiceField(
        label=_("Needs taken into the challenge"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Challenge
        fields = ["title", "description", "expected_effect", "owner_organization", "owner"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "expected_effect": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, creating: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organization"].queryset = municipalities_in_user_networks(user)
        self.fields["owner"].queryset = network_users(user).order_by("full_name")
        self.fields["needs"].queryset = needs_for_user(user).filter(
            status__in=[NeedStatus.SUBMITTED, NeedStatus.DEFERRED]
        )
        if not creating:
            del self.fields["needs"]
            del self.fields["owner_organization"]


class JoinForm(forms.Form):
    note = forms.CharField(
        label=_("Short note"),
        max_length=500,
        required=False,
        help_text=_("E.g. how the problem shows in your municipality."),
    )


class StartProcurementForm(forms.Form):
    title = forms.CharField(label=_("Title of the procurement case"), max_length=300)


class WorkshopForm(forms.ModelForm):
    participants = forms.ModelMultipleChoiceField(
        label=_("Participants"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("They are invited by e-mail and reminded the day before."),
    )
    online_link = forms.URLField(
        label=_("link to the meeting"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Workshop
        fields = [
            "network",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "online_link",
            "agenda",
            "outcome_notes",
            "needs",
            "challenges",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "outcome_notes": forms.Textarea(attrs={"rows": 5}),
            "needs": forms.SelectMultiple(attrs={"size": 6}),
            "challenges": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks_coordinated_by(user)
        self.fields["participants"].queryset = network_users(user).order_by("full_name")
        self.fields["participants"].label_from_instance = lambda u: f"{u} ({u.organization})"
        self.fields["needs"].queryset = needs_for_user(user).exclude(status=NeedStatus.DRAFT)
        self.fields["challenges"].queryset = challenges_for_user(user)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M"]
        if self.instance.pk:
            del self.fields["network"]
            self.fields["participants"].initial = list(
                self.instance.participants.values_list("pk", flat=True)
            )


class RoundForm(forms.Form):
    network = forms.ModelChoiceField(label=_("Network"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    challenges = forms.ModelMultipleChoiceField(
        label=_("Challenges"), queryset=None, widget=forms.SelectMultiple(attrs={"size": 10})
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Participants"), queryset=None, widget=forms.SelectMultiple(attrs={"size": 8})
    )
    criteria = forms.CharField(
        label=_("Criteria"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line: name, a colon, a short description."),
    )
    scale_min = forms.IntegerField(label=_("Lowest score"), min_value=0, max_value=9, initial=1)
    scale_max = forms.IntegerField(label=_("Highest score"), min_value=1, max_value=10, initial=5)
    deadline = forms.DateField(
        label=_("Scoring deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, user, **kwargs):
        from .enums import DEFAULT_CRITERIA

        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks_coordinated_by(user)
        self.fields["challenges"].queryset = challenges_for_user(user)
        self.fields["participants"].queryset = network_users(user).order_by("full_name")
        self.fields["participants"].label_from_instance = lambda u: f"{u} ({u.organization})"
        self.fields["criteria"].initial = "\n".join(f"{n}: {d}" for n, d in DEFAULT_CRITERIA)

    def clean_criteria(self):
        rows = []
        for line in self.cleaned_data["criteria"].splitlines():
            if not line.strip():
                continue
            name, _sep, description = line.partition(":")
            rows.append((name.strip()[:200], description.strip()[:500]))
        names = [n for n, _d in rows]
        if not rows:
            raise forms.ValidationError(_("Give at least one criterion."))
        if len(set(names)) != len(names):
            raise forms.ValidationError(_("Each criterion needs its own name."))
        return rows


class DecideForm(forms.Form):
    selected = forms.ModelMultipleChoiceField(
        label=_("Chosen challenges"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    decision = forms.CharField(
        label=_("Decision"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was decided, by whom, and why."),
    )

    def __init__(self, *args, priority_round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selected"].queryset = priority_round.challenges.all()


class GuestForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    organization = forms.ModelChoiceField(
        label=_("Organisation in Samverka"),
        queryset=None,
        required=False,
        help_text=_("Another municipality or a supplier. Leave empty for anyone else."),
    )
    organization_name = forms.CharField(
        label=_("Other organisation"),
        max_length=200,
        required=False,
        help_text=_("E.g. a funder such as Vinnova, or a region."),
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=[("sv", _("Swedish")), ("en", _("English"))],
        initial="sv",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_for_user(user).order_by("name")


class AttendanceForm(forms.Form):
    participants = forms.MultipleChoiceField(
        label=_("Participants who came"), required=False, widget=forms.CheckboxSelectMultiple
    )
    guests = forms.MultipleChoiceField(
        label=_("Guests who came"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, participations, guests, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].choices = [
            (p.user_id, f"{p.user} ({p.user.organization})") for p in participations
        ]
        self.fields["guests"].choices = [(g.pk, str(g)) for g in guests]
        self.fields["participants"].initial = [p.user_id for p in participations if p.attended]
        self.fields["guests"].initial = [g.pk for g in guests if g.attended]
        if not guests:
            del self.fields["guests"]


class GuestReplyForm(forms.Form):
    reply = forms.ChoiceField(
        label=_("Are you coming?"),
        choices=[(GuestReply.YES, _("Yes, I am coming")), (GuestReply.NO, _("No, I cannot come"))],
        widget=forms.RadioSelect,
    )
