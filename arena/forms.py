"""Forms for the arena; every choice scoped to the user."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.selectors import networks_for_user
from projects.selectors import projects_for_user

from .enums import Audience, DocumentKind, EventKind, LessonSource, PostKind

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class LessonForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    body = forms.CharField(label=_("What we learned"), widget=forms.Textarea)
    source = forms.ChoiceField(label=_("Learned from"), choices=LessonSource.choices)
    network = forms.ModelChoiceField(label=_("Network"), queryset=None, required=False)
    across_networks = forms.BooleanField(
        label=_("Share with every network"),
        required=False,
        help_text=_("Other networks' municipalities may read it too."),
    )

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["network"].queryset = networks_for_user(user).order_by("name")


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    audience = forms.ChoiceField(label=_("Who may use it"), choices=Audience.choices)
    network = forms.ModelChoiceField(label=_("Network"), queryset=None, required=False)
    terms = forms.CharField(label=_("Terms of use"), max_length=300, required=False)
    file = forms.FileField(label=_("File"))
    note = forms.CharField(label=_("About this version"), max_length=300, required=False)

    def __init__(self, data=None, files=None, *, user, **kwargs):
        super().__init__(data, files, **kwargs)
        self.fields["network"].queryset = networks_for_user(user).order_by("name")


class VersionForm(forms.Form):
    file = forms.FileField(label=_("File"))
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *DocumentKind.choices], required=False
    )


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME)
    location = forms.CharField(label=_("Place or link"), max_length=300)
    capacity = forms.IntegerField(
        label=_("Places"), min_value=1, required=False, help_text=_("Leave empty for no limit.")
    )
    audience = forms.ChoiceField(label=_("Open to"), choices=Audience.choices)
    network = forms.ModelChoiceField(label=_("Network"), queryset=None, required=False)
    project = forms.ModelChoiceField(label=_("Project"), queryset=None, required=False)
    publish = forms.BooleanField(label=_("Publish now"), required=False)

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["network"].queryset = networks_for_user(user).order_by("name")
        self.fields["project"].queryset = projects_for_user(user).order_by("title")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("The event must end after it starts."))
        return cleaned


class RegistrationForm(forms.Form):
    """For a person without an account (public events only)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))
    organization_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label=_("Took part"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, data=None, *, registrations, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["attended"].choices = [(r.pk, r.name) for r in registrations]


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)


class PublishReportForm(forms.Form):
    title = forms.CharField(label=_("Report title"), max_length=300)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea)


class EvaluationSpaceForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=None)
    researcher = forms.ModelChoiceField(
        label=_("Researcher"),
        queryset=None,
        help_text=_("A person of a research organisation."),
    )

    def __init__(self, data=None, *, user, **kwargs):
        from organizations.enums import OrganizationKind
        from organizations.models import User

        super().__init__(data, **kwargs)
        projects = projects_for_user(user).filter(evaluation_space__isnull=True)
        self.fields["project"].queryset = projects.order_by("title")
        self.fields["researcher"].queryset = User.objects.filter(
            is_active=True, organization__kind=OrganizationKind.RESEARCH
        ).order_by("full_name")


class PostForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PostKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea)
    network = forms.ModelChoiceField(label=_("Network"), queryset=None, required=False)
    across_networks = forms.BooleanField(
        label=_("Share with every network"),
        required=False,
        help_text=_("Other networks' municipalities may read it too."),
    )

    def __init__(self, data=None, *, user, post=None, **kwargs):
        if post is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": post.kind,
                    "title": post.title,
                    "body": post.body,
                    "across_networks": post.across_networks,
                },
            )
        super().__init__(data, **kwargs)
        if post is not None:
            del self.fields["network"]  # a post stays in its network
        else:
            self.fields["network"].queryset = networks_for_user(user).order_by("name")


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 4}))
