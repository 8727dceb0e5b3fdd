"""Forms for projects. Every choice is scoped to the user (a forged POST cannot reach a
foreign row): challenges, cases, call-offs and listings come from the domain apps'
selectors, people from `selectors.people_for_groups`."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from needs.selectors import challenges_for_user
from organizations.selectors import networks_for_user
from procurements.selectors import procurements_for_user
from sharing.selectors import listings_for_user
from sprints.selectors import call_offs_for_user

from . import selectors
from .enums import GoalAchievement, GroupKind, GroupRole, LogKind, SubprojectState
from .models import Grant

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        org = obj.organization
        return f"{obj.get_full_name()} ({org})" if org else obj.get_full_name()


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    network = forms.ModelChoiceField(
        label=_("Network"),
        queryset=None,
        required=False,
        help_text=_("Leave empty for a project of your own municipality only."),
    )
    start_date = forms.DateField(label=_("Start"), widget=DATE)
    end_date = forms.DateField(label=_("End"), widget=DATE)
    project_manager = PersonChoiceField(
        label=_("Project manager"),
        queryset=None,
        help_text=_("May be a person outside the municipalities, e.g. an innovation consultant."),
    )
    goals = forms.CharField(
        label=_("Goals"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One goal per line."),
    )

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["network"].queryset = networks_for_user(user).order_by("name")
        self.fields["project_manager"].queryset = selectors.project_manager_choices(user)
        self.initial.setdefault("project_manager", user.pk)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end must be on or after the start."))
        return cleaned


class ProjectEditForm(ProjectForm):
    """The project's title, description, period and manager (the network and the goals
    are kept; goals are edited one by one)."""

    def __init__(self, data=None, *, user, project, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "title": project.title,
                "description": project.description,
                "start_date": project.start_date,
                "end_date": project.end_date,
                "project_manager": project.project_manager_id,
            },
        )
        super().__init__(data, user=user, **kwargs)
        del self.fields["network"]
        del self.fields["goals"]
        choices = selectors.project_manager_choices(user)
        self.fields["project_manager"].queryset = choices.model.objects.filter(
            Q(pk__in=choices.values("pk")) | Q(pk=project.project_manager_id)
        ).select_related("organization")


class SubprojectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    challenges = forms.ModelMultipleChoiceField(
        label=_("Challenges"), queryset=None, required=False
    )
    cases = forms.ModelMultipleChoiceField(
        label=_("Procurement cases"), queryset=None, required=False
    )
    call_offs = forms.ModelMultipleChoiceField(
        label=_("Sprint call-offs"), queryset=None, required=False
    )
    listings = forms.ModelMultipleChoiceField(
        label=_("Sharing pilots"),
        queryset=None,
        required=False,
        help_text=_("Listings whose reuse counts for this subproject."),
    )

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["challenges"].queryset = challenges_for_user(user).order_by("title")
        self.fields["cases"].queryset = procurements_for_user(user).order_by("-pk")
        self.fields["call_offs"].queryset = call_offs_for_user(user).order_by("-pk")
        self.fields["listings"].queryset = listings_for_user(user).order_by("title")


class SubprojectEditForm(SubprojectForm):
    """A subproject's text and links; once ended, also its outcome and lessons."""

    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea, required=False)
    lessons = forms.CharField(
        label=_("Lessons learned"),
        widget=forms.Textarea,
        required=False,
        help_text=_("A failure is also a result: what should others know?"),
    )

    def __init__(self, data=None, *, user, subproject, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "title": subproject.title,
                "description": subproject.description,
                "challenges": list(subproject.challenges.values_list("pk", flat=True)),
                "cases": list(subproject.cases.values_list("pk", flat=True)),
                "call_offs": list(subproject.call_offs.values_list("pk", flat=True)),
                "listings": list(subproject.listings.values_list("pk", flat=True)),
                "outcome": subproject.outcome,
                "lessons": subproject.lessons_learned,
            },
        )
        super().__init__(data, user=user, **kwargs)
        if subproject.state == SubprojectState.ACTIVE:
            del self.fields["outcome"]
            del self.fields["lessons"]
        elif subproject.state == SubprojectState.CANCELLED:
            self.fields["lessons"].required = True


class SubprojectEndForm(forms.Form):
    state = forms.ChoiceField(
        label=_("How it ended"),
        choices=[
            (SubprojectState.COMPLETED, SubprojectState.COMPLETED.label),
            (SubprojectState.CANCELLED, SubprojectState.CANCELLED.label),
        ],
    )
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea, required=False)
    reason = forms.CharField(
        label=_("Reason for cancelling"), widget=forms.Textarea, required=False
    )
    lessons = forms.CharField(
        label=_("Lessons learned"),
        widget=forms.Textarea,
        required=False,
        help_text=_("A failure is also a result: what should others know?"),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("state") == SubprojectState.CANCELLED:
            if not cleaned.get("reason", "").strip():
                self.add_error("reason", _("Say why the subproject is cancelled."))
            if not cleaned.get("lessons", "").strip():
                self.add_error("lessons", _("Say what was learned."))
        return cleaned


class GoalForm(forms.Form):
    text = forms.CharField(label=_("Goal"), max_length=500)
    indicator = forms.CharField(label=_("How we know"), max_length=500, required=False)


class GoalAssessForm(forms.Form):
    achievement = forms.ChoiceField(label=_("Achievement"), choices=GoalAchievement.choices)
    note = forms.CharField(label=_("How far it was met"), widget=forms.Textarea, required=False)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    due_date = forms.DateField(label=_("Due"), widget=DATE)
    subproject = forms.ModelChoiceField(label=_("Subproject"), queryset=None, required=False)

    def __init__(self, data=None, *, project, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["subproject"].queryset = project.subprojects.all()


class LogEntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LogKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    probability = forms.IntegerField(
        label=_("Probability (1–5)"), min_value=1, max_value=5, required=False
    )
    impact = forms.IntegerField(label=_("Impact (1–5)"), min_value=1, max_value=5, required=False)
    mitigation = forms.CharField(
        label=_("What we do about it"), widget=forms.Textarea, required=False
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE, required=False)
    decided_by = forms.CharField(label=_("Decided by"), max_length=200, required=False)


class LogEntryEditForm(LogEntryForm):
    """An open entry's details; its kind stays what it was."""

    def __init__(self, data=None, *, entry, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                name: getattr(entry, name)
                for name in (
                    "title",
                    "description",
                    "probability",
                    "impact",
                    "mitigation",
                    "decided_on",
                    "decided_by",
                )
            },
        )
        super().__init__(data, **kwargs)
        del self.fields["kind"]


class GrantForm(forms.Form):
    funder = forms.ModelChoiceField(label=_("Funder"), queryset=None)
    programme = forms.CharField(label=_("Programme or call"), max_length=300, required=False)
    reference = forms.CharField(label=_("Reference number"), max_length=60, required=False)
    amount_granted_sek = forms.DecimalField(
        label=_("Amount granted (SEK)"), min_value=0, max_digits=14, decimal_places=2
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE, required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["funder"].queryset = selectors.funders().order_by("name")


class CoFinancingForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Municipality"), queryset=None)
    amount_sek = forms.DecimalField(
        label=_("Co-financing (SEK)"), min_value=0, max_digits=14, decimal_places=2
    )
    in_kind = forms.BooleanField(label=_("As working time"), required=False)

    def __init__(self, data=None, *, grant: Grant, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["organization"].queryset = selectors.project_municipalities(
            grant.project
        ).order_by("name")


class BudgetPeriodForm(forms.Form):
    start_date = forms.DateField(label=_("From"), widget=DATE)
    end_date = forms.DateField(label=_("To"), widget=DATE)
    budget_sek = forms.DecimalField(
        label=_("Budget (SEK)"), min_value=0, max_digits=14, decimal_places=2
    )
    cost_sek = forms.DecimalField(
        label=_("Costs (SEK)"), min_value=0, max_digits=14, decimal_places=2, initial=0
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class FunderReportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    due_date = forms.DateField(label=_("Due"), widget=DATE)


class GroupForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=GroupKind.choices)
    name = forms.CharField(
        label=_("Name"), max_length=200, required=False, help_text=_("Leave empty for the kind.")
    )


class GroupMemberForm(forms.Form):
    person = PersonChoiceField(
        label=_("Person"),
        queryset=None,
        help_text=_(
            "People of the project's municipalities and of outside organisations "
            "(authorities, regions, funders, research organisations, consultancies, "
            "businesses)."
        ),
    )
    role = forms.ChoiceField(label=_("Role"), choices=GroupRole.choices, initial=GroupRole.MEMBER)

    def __init__(self, data=None, *, user, project, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["person"].queryset = selectors.people_for_groups(user, project)


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME)
    location = forms.CharField(label=_("Place or link"), max_length=300, required=False)
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea, required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return cleaned


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea)
    decisions = forms.CharField(label=_("Decisions"), widget=forms.Textarea, required=False)
    present = forms.MultipleChoiceField(
        label=_("Present"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, data=None, *, meeting, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["present"].choices = [
            (m.user_id, str(m.user)) for m in meeting.group.memberships.select_related("user")
        ]


class CloseForm(forms.Form):
    handed_on = forms.CharField(
        label=_("What was handed on"),
        widget=forms.Textarea,
        required=False,
        help_text=_("The working model, documents and contacts others can build on."),
    )
