from django import forms
from django.utils.translation import gettext_lazy as _

from core.files import IMAGE_TYPES, validate_upload
from organizations.enums import Visibility
from organizations.selectors import department_choices

from .models import Category, Listing, Location, TransportTask, WantedAd


class DateInput(forms.DateInput):
    input_type = "date"


class ListingForm(forms.ModelForm):
    """Fields of a listing; locations are scoped to the owning municipality."""

    class Meta:
        model = Listing
        fields = [
            "title",
            "kind",
            "category",
            "description",
            "condition",
            "quantity",
            "dimensions",
            "mode",
            "price_sek",
            "new_price_sek",
            "location",
            "department",
            "cost_centre",
            "available_from",
            "available_to",
            "buffer_days",
            "horizon_days",
            "requires_approval",
            "visibility",
        ]
        widgets = {"available_from": DateInput(), "available_to": DateInput()}

    def __init__(self, *args, user, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.filter(organization=organization)
        self.fields["category"].queryset = Category.objects.all()
        self.fields["department"].required = False
        self.fields["price_sek"].min_value = None  # the service says why a negative is wrong
        if not user.has_role("logistics"):
            self.fields["department"].help_text = _("Your own department if left empty.")
        else:
            self.fields["department"].help_text = _("You may list on behalf of any department.")
        departments = department_choices(organization.pk)
        if departments:
            # The organisation keeps its departments on a page: offer them, and keep a
            # value written before they were entered.
            current = self.initial.get("department") or getattr(self.instance, "department", "")
            choices = [("", "—"), *departments]
            if current and current not in dict(departments):
                choices.append((current, current))
            self.fields["department"].widget = forms.Select(choices=choices)
            self.fields["cost_centre"].help_text = _("Taken from the department when left empty.")

    def _not_negative(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and value < 0:
            raise forms.ValidationError(_("The price cannot be negative."))
        return value

    def clean_price_sek(self):
        return self._not_negative("price_sek")

    def clean_new_price_sek(self):
        return self._not_negative("new_price_sek")


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"), help_text=_("JPEG, PNG, WebP or GIF, at most 10 MB."))
    alt_text = forms.CharField(label=_("What the photo shows"), max_length=200, required=False)

    def clean_photo(self):
        from .services import PHOTO_MAX_BYTES

        photo = self.cleaned_data["photo"]
        validate_upload(photo, allowed_types=IMAGE_TYPES, max_bytes=PHOTO_MAX_BYTES)
        return photo


class BookingForm(forms.Form):
    start_date = forms.DateField(label=_("From"), widget=DateInput())
    end_date = forms.DateField(label=_("To"), widget=DateInput(), required=False)
    quantity = forms.IntegerField(label=_("Quantity"), initial=1)
    department = forms.CharField(label=_("Your department"), max_length=200, required=False)
    cost_centre = forms.CharField(label=_("Cost centre"), max_length=40, required=False)
    message = forms.CharField(
        label=_("Message to the owner"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    transport = forms.BooleanField(label=_("I need transport"), required=False)
    delivery_address = forms.CharField(label=_("Delivery address"), max_length=300, required=False)

    def __init__(self, *args, listing=None, **kwargs):
        super().__init__(*args, **kwargs)
        if listing is not None and not listing.is_timed:
            self.fields["start_date"].label = _("Take over on")
            del self.fields["end_date"]


class KitBookingForm(forms.Form):
    start_date = forms.DateField(label=_("From"), widget=DateInput())
    end_date = forms.DateField(label=_("To"), widget=DateInput())
    message = forms.CharField(
        label=_("Message to the owner"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class WaitlistForm(forms.Form):
    start_date = forms.DateField(label=_("From"), widget=DateInput())
    end_date = forms.DateField(label=_("To"), widget=DateInput(), required=False)


class DecisionForm(forms.Form):
    reply = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    would_buy_new = forms.TypedChoiceField(
        label=_("Would you otherwise have bought new?"),
        choices=[("", _("Not answered")), ("yes", _("Yes")), ("no", _("No"))],
        required=False,
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
    )


class TransportDoneForm(forms.ModelForm):
    class Meta:
        model = TransportTask
        fields = ["price_sek"]


class WantedAdForm(forms.ModelForm):
    class Meta:
        model = WantedAd
        fields = ["title", "words", "category", "quantity"]


class MonthForm(forms.Form):
    month = forms.CharField(label=_("Month (YYYY-MM)"), max_length=7)

    def clean_month(self):
        value = self.cleaned_data["month"]
        try:
            year, month = (int(part) for part in value.split("-"))
            if not 1 <= month <= 12:
                raise ValueError
        except ValueError:
            raise forms.ValidationError(_("Write the month as YYYY-MM.")) from None
        return year, month


class LocationForm(forms.Form):
    name = forms.CharField(label=_("Building"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=300)
    latitude = forms.FloatField(
        label=_("Latitude"),
        help_text=_("The map position in decimal degrees, e.g. 55.4295 (Ystad)."),
    )
    longitude = forms.FloatField(label=_("Longitude"), help_text=_("E.g. 13.8204 (Ystad)."))
    is_primary = forms.BooleanField(
        label=_("Main location"),
        required=False,
        help_text=_('Used as the municipality\'s position for "nearest first".'),
    )


class ExtendForm(forms.Form):
    end_date = forms.DateField(label=_("New last day"), widget=DateInput())


class KitForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    visibility = forms.ChoiceField(label=_("Visible to"), choices=Visibility.choices)


class KitItemForm(forms.Form):
    listing = forms.ModelChoiceField(label=_("Listing"), queryset=Listing.objects.none())
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)

    def __init__(self, *args, listings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["listing"].queryset = listings


class ExchangeOfferForm(forms.Form):
    """Which of the user's organisation's listings to offer, and a word to the other side."""

    offered = forms.ModelChoiceField(label=_("Your listing to offer"), queryset=Listing.objects)
    message = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, listings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offered"].queryset = listings


class ExchangeAnswerForm(forms.Form):
    reply = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
