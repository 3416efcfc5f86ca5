"""Admin forms for the reference data: cities, officials, positions and events.

The shared pieces (alt text required with an image, no re-validation of an unchanged stored image,
``inferred_fields`` as a list of field names) live here so ``articles.forms`` can reuse them;
``cities`` never imports ``articles``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import City, Event, Official, Position

SOURCED_FIELDS = ("source_note", "inferred_fields")

ALT_REQUIRED = _("Describe the image in a few words: alt text is required when there is an image.")


class ImageAltFormMixin:
    """Requires an alt text beside each image and validates only newly uploaded images.

    ``image_alt_fields`` maps an image field to its alt text field (``None`` when the model has none).
    """

    image_alt_fields: dict[str, str | None] = {}

    def _has_image(self, image_field: str) -> bool:
        value = self.cleaned_data.get(image_field)
        if value:
            return True
        if value is False:  # "clear" was ticked
            return False
        # A rejected upload still counts as "an image is meant to be here".
        return bool(self.files.get(self.add_prefix(image_field)))

    def clean(self):
        cleaned_data = super().clean()
        for image_field, alt_field in self.image_alt_fields.items():
            if not alt_field or image_field not in self.fields or alt_field not in self.fields:
                continue
            if alt_field in self.errors:
                continue
            if self._has_image(image_field) and not (cleaned_data.get(alt_field) or "").strip():
                self.add_error(alt_field, ValidationError(ALT_REQUIRED, code="alt_required"))
        return cleaned_data

    def _get_validation_exclusions(self):
        # The model's validate_image opens the file. A stored image was checked when it was uploaded;
        # re-opening it on every save costs a read and fails with a server error when the file is
        # missing from storage, so only a new upload (or a cleared field) is validated again.
        exclude = super()._get_validation_exclusions()
        for image_field in self.image_alt_fields:
            if image_field in self.fields and image_field not in self.changed_data:
                exclude.add(image_field)
        return exclude


class SourcedFormMixin:
    """``inferred_fields`` is edited as a JSON list of this model's field names."""

    def clean_inferred_fields(self):
        value = self.cleaned_data.get("inferred_fields")
        if value in (None, ""):
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValidationError(
                _('Write a list of field names, e.g. ["starts_on", "venue"].'), code="inferred_not_list"
            )
        known = {field.name for field in self._meta.model._meta.get_fields()}
        unknown = [item for item in value if item not in known]
        if unknown:
            raise ValidationError(
                _("Unknown field names: %(names)s."),
                code="inferred_unknown",
                params={"names": ", ".join(unknown)},
            )
        return value


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
