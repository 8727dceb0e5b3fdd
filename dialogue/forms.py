from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from core.models import CpvCode

from .enums import ActivityKind, InvitationMode, QuestionKind

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


def datetime_field(label, required=True, help_text=""):
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        help_text=help_text,
    )


class CpvPickerWidget(forms.SelectMultiple):
    """Chosen CPV codes as checkboxes plus a search field that fetches more (htmx).
    Renders only the chosen codes, never all 9 454."""

    template_name = "dialogue/widgets/cpv_picker.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        values = [v for v in (value or []) if v]
        context["selected_codes"] = list(CpvCode.objects.filter(pk__in=values))
        return context

    def optgroups(self, name, value, attrs=None):
        return []


def cpv_field(label, required=False):
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=CpvCode.objects.all(),
        required=required,
        widget=CpvPickerWidget(),
    )


class SupplierRegistrationForm(forms.Form):
    company_name = forms.CharField(label=_("Company name"), max_length=200)
    org_number = forms.CharField(
        label=_("Organisation number"), max_length=13, help_text=_("Ten digits, e.g. 556677-8899.")
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    full_name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your e-mail address"))
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return data


class SupplierProfileForm(forms.Form):
    description = forms.CharField(
        label=_("Presentation of the company"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    cpv_codes = cpv_field(_("Your areas (CPV codes)"))


class RfiForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    background = forms.CharField(label=_("Background"), widget=forms.Textarea(attrs={"rows": 4}))
    need = forms.CharField(
        label=_("The need"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Describe the need in neutral words, not a solution or a brand."),
    )
    deadline = datetime_field(_("Deadline (Swedish time)"))
    invitation_mode = forms.ChoiceField(
        label=_("Who is invited"), choices=InvitationMode.choices, widget=forms.RadioSelect
    )
    chosen_suppliers = forms.ModelMultipleChoiceField(
        label=_("Chosen suppliers"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    invited_cpv_codes = cpv_field(_("CPV codes"))

    def __init__(self, *args, suppliers, **kwargs):
        super().__init__(*args, **kwargs)
        # Scoped: a forged POST cannot name anything but an active supplier.
        self.fields["chosen_suppliers"].queryset = suppliers


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))
    help_text = forms.CharField(label=_("Guidance"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=QuestionKind.choices)
    choices = forms.CharField(
        label=_("Options"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("For a choice: one option per line."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)

    def clean_choices(self):
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


class ResponseForm(forms.Form):
    """One field per question, named `q_<id>`. Required-ness is checked by the service at
    submit time (a draft may be incomplete)."""

    def __init__(self, *args, questions, existing=None, **kwargs):
        super().__init__(*args, **kwargs)
        existing = existing or {}
        self.questions = questions
        for question in questions:
            name = f"q_{question.pk}"
            answer = existing.get(question.pk)
            label = question.text + ("" if question.required else " " + str(_("(optional)")))
            common = {"label": label, "required": False, "help_text": question.help_text}
            if question.kind == QuestionKind.TEXT:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), **common)
                initial = answer.text if answer else ""
            elif question.kind == QuestionKind.SINGLE:
                field = forms.ChoiceField(
                    choices=[(c, c) for c in question.choices], widget=forms.RadioSelect, **common
                )
                initial = answer.selected[0] if answer and answer.selected else None
            elif question.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=[(c, c) for c in question.choices],
                    widget=forms.CheckboxSelectMultiple,
                    **common,
                )
                initial = answer.selected if answer else []
            elif question.kind == QuestionKind.NUMBER:
                field = forms.CharField(
                    widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common
                )
                initial = answer.display_value if answer else ""
            else:
                if answer and answer.file:
                    common["help_text"] = (
                        f"{question.help_text} "
                        + str(_("Kept unless you choose a new file: %(name)s"))
                        % {"name": answer.file_name}
                    ).strip()
                field = forms.FileField(**common)
                initial = None
            field.initial = initial
            self.fields[name] = field

    def values(self) -> tuple[dict, dict]:
        answers, files = {}, {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q_{question.pk}")
            if question.kind == QuestionKind.FILE:
                if value:
                    files[question.pk] = value
            else:
                answers[question.pk] = value
        return answers, files


class ClarificationAskForm(forms.Form):
    question = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The answer is published to every invited supplier; your name is not."),
    )


class ClarificationAnswerForm(forms.Form):
    question = forms.CharField(
        label=_("Question as published"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("You may rephrase it so it does not reveal who asked."),
    )
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}))


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the RFI cancelled?"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_at = datetime_field(_("Starts"))
    ends_at = datetime_field(_("Ends"), required=False)
    location = forms.CharField(label=_("Place"), max_length=300, required=False)
    purpose = forms.CharField(
        label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Internal: suppliers do not see the notes."),
    )
    internal_participants = forms.ModelMultipleChoiceField(
        label=_("Internal participants"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    supplier_organizations = forms.ModelMultipleChoiceField(
        label=_("Supplier organisations"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    supplier_participants = forms.ModelMultipleChoiceField(
        label=_("Supplier participants"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    other_participants = forms.CharField(
        label=_("Other participants"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("People without an account, e.g. hosts at the visited municipality."),
    )
    comments_until = datetime_field(
        _("Comments until (consultation round)"),
        required=False,
        help_text=_("For a consultation round: the last moment to comment."),
    )

    def __init__(self, *args, colleagues, suppliers, supplier_people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["internal_participants"].queryset = colleagues
        self.fields["supplier_organizations"].queryset = suppliers
        self.fields["supplier_participants"].queryset = supplier_people
        self.fields["supplier_participants"].label_from_instance = lambda u: (
            f"{u.get_full_name()} ({u.organization})"
        )
        self.fields["internal_participants"].label_from_instance = lambda u: (
            f"{u.get_full_name()} ({u.organization})"
        )


class ActivityFileForm(forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    shared_with_suppliers = forms.BooleanField(
        label=_("Share with the supplier participants"), required=False
    )


class SectionForm(forms.Form):
    heading = forms.CharField(label=_("Section"), max_length=300)
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}))
