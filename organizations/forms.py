from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from .enums import ONBOARD_KINDS, ROLES_BY_KIND, OrganizationKind, RegistrationState, Role
from .models import Organization, User


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        state = user.organization.registration_state if user.organization_id else ""
        if state == RegistrationState.PENDING:
            raise forms.ValidationError(
                _(
                    "Your company's registration waits for the platform operator's approval. "
                    "You get an e-mail when it is approved."
                ),
                code="pending",
            )
        if user.organization_id and not user.organization.is_active:
            raise forms.ValidationError(
                _("Your organisation's account on Samverka is closed. Ask the platform operator."),
                code="inactive",
            )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "title", "department", "language"]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Name"), max_length=200, required=False)
    organization = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organization.objects.none()
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        # Scoped: a forged POST cannot name an organisation the inviter may not invite to.
        self.fields["organization"].queryset = organizations
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first()


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=200)
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


class OutboxPasswordResetForm(PasswordResetForm):
    """Password reset mails go through the outbox and Celery like every other mail."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from django.template import loader

        from notifications.services import email_store

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        text = loader.render_to_string(email_template_name, context)
        html = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else ""
        )
        email_store(to=to_email, subject=subject, text=text, html=html, holds_secret=True)


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = {str(r) for r in ROLES_BY_KIND[OrganizationKind(organization.kind)]}
        self.fields["roles"].choices = [c for c in Role.choices if c[0] in allowed]


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    cost_centre = forms.CharField(
        label=_("Cost centre"),
        max_length=40,
        required=False,
        help_text=_("Shown on internal invoices, e.g. 4410."),
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class OnboardForm(forms.Form):
    """The platform operator brings in a municipality (from the register), a supplier or an
    external organisation (authority, region, funder, research organisation, consultancy)."""

    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=[(kind.value, kind.label) for kind in ONBOARD_KINDS],
        widget=forms.RadioSelect,
        initial=OrganizationKind.MUNICIPALITY.value,
    )
    municipality = forms.ModelChoiceField(
        label=_("Which municipality"),
        queryset=Organization.objects.filter(kind=OrganizationKind.MUNICIPALITY).order_by("name"),
        required=False,
        help_text=_("For a municipality: all 290 are in the register."),
    )
    name = forms.CharField(
        label=_("Organisation name"),
        max_length=200,
        required=False,
        help_text=_("For a supplier or an external organisation."),
    )
    org_number = forms.CharField(
        label=_("Organisation number"),
        max_length=11,
        required=False,
        help_text=_("For a supplier or an external organisation: ten digits, e.g. 556677-8899."),
    )
    admin_email = forms.EmailField(label=_("Administrator's e-mail address"))
    admin_name = forms.CharField(label=_("Administrator's name"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("kind") == OrganizationKind.MUNICIPALITY:
            if not data.get("municipality"):
                self.add_error("municipality", _("Choose the municipality."))
        elif data.get("kind"):
            if not data.get("name"):
                self.add_error("name", _("Enter the organisation's name."))
            if not data.get("org_number"):
                self.add_error("org_number", _("Enter the organisation number."))
        return data


class NetworkForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class NetworkInviteForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Municipality to invite"), queryset=Organization.objects.none()
    )
    message = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = municipalities


class RegistrationDecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (required to reject)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
