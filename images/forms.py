"""Form rules shared by every model with an image: alt text beside it, no re-check of a stored file, and an upload
that survives an error elsewhere in the form."""

import dataclasses

from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import pending
from .storage import StorageFailure

ALT_REQUIRED = _("Describe the image in a few words: alt text is required when there is an image.")


@dataclasses.dataclass(frozen=True)
class KeptUpload:
    """An upload kept on the server for the next submit (``images.pending``), or why it could not be kept."""

    token: str = ""
    url: str = ""
    error: str = ""


class KeptUploadWidget(AdminFileWidget):
    """The admin's file input, with the upload kept from the previous submit shown above it (a preview, a
    hidden token, a box to drop it)."""

    form = None
    field_name = ""

    def render(self, name, value, attrs=None, renderer=None):
        widget = super().render(name, value, attrs, renderer)
        kept = self.form.kept_upload(self.field_name) if self.form is not None else None
        if kept is None:
            return widget
        if kept.error:
            return format_html('<p class="errornote">{}</p>{}', kept.error, widget)
        return format_html(
            '<div class="newsroom-kept-upload">'
            '<img src="{}" alt="" style="max-height:160px;max-width:100%;border:1px solid var(--hairline-color, #ccc);'
            'border-radius:4px"><p class="help">{}</p>'
            '<input type="hidden" name="{}" value="{}">'
            '<label><input type="checkbox" name="{}"> {}</label></div>{}',
            kept.url,
            gettext(
                "The image you chose is kept here and is saved when you save again. Choose another file to replace it."
            ),
            self.form.add_prefix(self.form.kept_token_name(self.field_name)),
            kept.token,
            self.form.add_prefix(self.form.kept_discard_name(self.field_name)),
            gettext("Do not use this image"),
            widget,
        )


class ImageAltFormMixin:
    """Requires an alt text beside each image, validates only newly uploaded images, and keeps a good upload
    across an error elsewhere in the form (``images.pending``), for the next submit.

    ``image_alt_fields`` maps an image field to its alt text field (``None`` when the model has none).
    """

    image_alt_fields: dict[str, str | None] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._kept: dict[str, KeptUpload | None] = {}
        for image_field in self.image_alt_fields:
            field = self.fields.get(image_field)
            if field is not None and isinstance(field.widget, AdminFileWidget):
                widget = KeptUploadWidget(attrs=field.widget.attrs)
                widget.form, widget.field_name = self, image_field
                field.widget = widget

    # --- the upload kept from an earlier submit ----------------------------------------------------------------

    @staticmethod
    def kept_token_name(image_field: str) -> str:
        return f"{image_field}__kept"

    @staticmethod
    def kept_discard_name(image_field: str) -> str:
        return f"{image_field}__kept_discard"

    def _kept_owner(self):
        user = getattr(self, "user", None)
        return user.pk if user is not None else None

    def _kept_name(self, image_field: str) -> str | None:
        """The kept upload this submit carries for ``image_field``, unless the user dropped it."""
        if not self.is_bound or self.data.get(self.add_prefix(self.kept_discard_name(image_field))):
            return None
        return pending.find(
            self.data.get(self.add_prefix(self.kept_token_name(image_field)), ""), owner=self._kept_owner()
        )

    def kept_upload(self, image_field: str) -> KeptUpload | None:
        """What to show beside the file input of a form shown again: the new upload, kept now (it was good, but
        something else was not), or the one kept before and still carried. ``None``: nothing kept."""
        if image_field in self._kept:
            return self._kept[image_field]
        kept = None
        if self.is_bound and image_field not in self.errors:
            upload = self.files.get(self.add_prefix(image_field))
            if isinstance(upload, UploadedFile):
                try:
                    token, name = pending.keep(upload, owner=self._kept_owner())
                except StorageFailure as error:
                    reason = {"reason": error.message}
                    kept = KeptUpload(error=gettext("The image you chose could not be kept: %(reason)s") % reason)
                except ValidationError:
                    kept = None
                else:
                    kept = KeptUpload(token=token, url=pending.url(name))
            elif name := self._kept_name(image_field):
                token = self.data[self.add_prefix(self.kept_token_name(image_field))]
                kept = KeptUpload(token=token, url=pending.url(name))
        self._kept[image_field] = kept
        return kept

    def _use_kept_uploads(self, cleaned_data) -> None:
        """An image field left empty uses the upload kept from the previous submit (unless cleared or dropped)."""
        for image_field in self.image_alt_fields:
            if image_field not in self.fields or image_field in self.errors:
                continue
            value = cleaned_data.get(image_field)
            if value is False or isinstance(value, UploadedFile):
                continue  # cleared, or a new file chosen
            if name := self._kept_name(image_field):
                cleaned_data[image_field] = pending.open_kept(name)

    # --- validation ------------------------------------------------------------------------------------------

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
        self._use_kept_uploads(cleaned_data)
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
