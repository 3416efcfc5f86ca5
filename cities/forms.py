"""Admin forms for the reference data: cities, officials, positions and events."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import SOURCED_FIELDS, SourcedFormMixin
from images.forms import ImageAltFormMixin

from .models import City, Event, Official, Position


def _check_date_order(form, start_field: str, end_field: str, message) -> None:
    starts_on = form.cleaned_data.get(start_field)
    ends_on = form.cleaned_data.get(end_field)
    if starts_on and ends_on and ends_on < starts_on:
        form.add_error(end_field, ValidationError(message, code="ends_before_start"))


class CityAdminForm(ImageAltFormMixin, SourcedFormMixin, forms.ModelForm):
    # The model has no alt field for the logo; the site uses the city's name.
    image_alt_fields = {"logo": None}

    class Meta:
        model = City
        fields = (
            *("name", "short_name", "slug", "province", "time_zone", "kecamatan_count", "kelurahan_count"),
            *("apeksi_commissariat", "logo", "profile", *SOURCED_FIELDS),
        )
        widgets = {"profile": forms.Textarea(attrs={"rows": 6})}


class OfficialAdminForm(ImageAltFormMixin, SourcedFormMixin, forms.ModelForm):
    image_alt_fields = {"photo": "photo_alt"}

    class Meta:
        model = Official
        fields = ("honorific_prefix", "name", "honorific_suffix", "slug", "photo", "photo_alt", *SOURCED_FIELDS)


class PositionAdminForm(SourcedFormMixin, forms.ModelForm):
    class Meta:
        model = Position
        fields = ("official", "title", "city", "organisation", "tenure", "starts_on", "ends_on", *SOURCED_FIELDS)

    def clean(self):
        cleaned_data = super().clean()
        _check_date_order(self, "starts_on", "ends_on", _("A position cannot end before it starts."))
        return cleaned_data


class EventAdminForm(SourcedFormMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = (
            *("name", "slug", "kind", "edition", "organiser", "parent", "host_city", "venue", "starts_on", "ends_on"),
            *("date_note", "cities", "theme", "description", *SOURCED_FIELDS),
        )
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def clean(self):
        cleaned_data = super().clean()
        # The same rule as the check constraint event_ends_after_start, but on the field that is wrong.
        # An end without a start is left to the constraint, whose message shows above the form.
        _check_date_order(self, "starts_on", "ends_on", _("An event cannot end before it starts."))
        parent = cleaned_data.get("parent")
        if parent is not None and self.instance.pk is not None and parent.pk == self.instance.pk:
            self.add_error("parent", ValidationError(_("An event cannot be part of itself."), code="own_parent"))
        return cleaned_data
