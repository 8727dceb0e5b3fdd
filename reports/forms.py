from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ReportLanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the report"), choices=settings.LANGUAGES, initial="sv"
    )

    def __init__(self, data=None, *, user, **kwargs):
        kwargs.setdefault("prefix", "report")
        super().__init__(data, **kwargs)
        self.fields["language"].initial = getattr(user, "language", None) or "sv"
