"""Form rules shared by every model with an image: alt text beside it, no re-check of a stored file."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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
