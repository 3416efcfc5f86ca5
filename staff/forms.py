"""The forms a city admin (admin kota) uses for the staff of their city."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cities.models import City

from .roles import CITY_ADMIN_GRANTS

User = get_user_model()


class CityStaffCreationForm(UserCreationForm):
    """A new staff account of one city with one role: staff status and that role's group, nothing else."""

    city = forms.ModelChoiceField(label=capfirst(_("city")), queryset=City.objects.none())
    role = forms.ChoiceField(
        label=capfirst(_("role")), choices=[(role.value, role.label) for role in CITY_ADMIN_GRANTS]
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name", "email")

    def __init__(self, *args, city_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        cities = City.objects.all() if city_ids is None else City.objects.filter(pk__in=city_ids)
        self.fields["city"].queryset = cities
        if len(city_ids or ()) == 1:
            self.fields["city"].initial = next(iter(city_ids))


class CityStaffChangeForm(forms.ModelForm):
    """What a city admin may change on a staff account of their city."""

    class Meta:
        model = User
        fields = ("first_name", "last_name", "email", "is_active")

    def __init__(self, *args, request_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request_user = request_user

    def clean_is_active(self):
        is_active = self.cleaned_data.get("is_active")
        if not is_active and self.request_user is not None and self.instance.pk == self.request_user.pk:
            raise ValidationError(_("You cannot deactivate your own account."), code="self_deactivation")
        return is_active


class SecondFactorCodeForm(forms.Form):
    """A code from the authenticator app, or one of the backup codes."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The six digits your authenticator app shows now, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )


class AuthenticatorConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=12,
        help_text=_("After scanning, type the six digits the app shows, to prove it works."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "spellcheck": "false"}
        ),
    )
