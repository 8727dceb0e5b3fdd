from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import Delivery
from .events import DEFAULT_KEY, event_type, registered_events
from .models import Notification, NotificationPreference
from .services import delivery_for


def _field_name(key: str) -> str:
    return "event_" + key.replace(".", "__").replace("*", "default")


class NotificationPreferencesForm(forms.Form):
    """One choice per event type the person can meet (registered ones and any they have
    received), plus the choice for every other event."""

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        received = set(
            Notification.objects.filter(recipient=user).values_list("event", flat=True).distinct()
        )
        keys = sorted({e.key for e in registered_events()} | received)
        chosen = dict(
            NotificationPreference.objects.filter(user=user).values_list("event", "delivery")
        )
        self.keys: dict[str, str] = {}
        default_name = _field_name(DEFAULT_KEY)
        self.fields[default_name] = forms.ChoiceField(
            label=_("Every other kind of event"),
            choices=Delivery.choices,
            initial=chosen.get(DEFAULT_KEY, Delivery.IMMEDIATE),
            help_text=_("Used for events you have not chosen for separately."),
        )
        self.keys[default_name] = DEFAULT_KEY
        for key in keys:
            name = _field_name(key)
            self.fields[name] = forms.ChoiceField(
                label=event_type(key).label,
                choices=Delivery.choices,
                initial=chosen.get(key) or delivery_for(user, key),
            )
            self.keys[name] = key

    def choices(self) -> dict[str, str]:
        return {self.keys[name]: value for name, value in self.cleaned_data.items()}
