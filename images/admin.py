"""How the admin shows a stored image, and answers a storage that refused one; nothing is registered here."""

import dataclasses
import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .storage import StorageFailure, sweep_rolled_back

logger = logging.getLogger(__name__)


def stored_file(field_file):
    """The file the database holds for ``field_file``'s field: itself once stored; for an upload not stored yet
    (a form shown again with its errors), the instance's stored image, or None."""
    if not field_file or getattr(field_file, "_committed", True):
        return field_file
    instance, field = field_file.instance, field_file.field
    if instance.pk is None:
        return None
    name = type(instance)._base_manager.filter(pk=instance.pk).values_list(field.attname, flat=True).first()
    return field.attr_class(instance, field, name) if name else None


def image_preview(field_file, alt: str = "", *, height: int = 160, link: bool = True):
    """A thumbnail of a stored image, linked to the full file; a short note when there is none."""
    field_file = stored_file(field_file)
    if not field_file:
        return _("No image yet.")
    try:
        url = field_file.url
    except ValueError:
        return _("No image yet.")
    image = format_html(
        '<img src="{}" alt="{}" class="newsroom-preview" loading="lazy" '
        'style="max-height:{}px;max-width:100%;border:1px solid var(--hairline-color, #ccc);border-radius:4px">',
        url,
        alt,
        height,
    )
    if not link:
        return image
    return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, image)


@dataclasses.dataclass(frozen=True)
class SaveFailure:
    """Why a save that passed validation failed in storage or in the database: an error of the form shown again,
    on ``field`` (``None``: the whole form)."""

    message: str
    code: str
    field: str | None = None


class SaveFailureAdminMixin:
    """A save that passed validation but was refused underneath (the disk full or read-only; for the admins that
    say so in ``describe_save_failure``, the database too) comes back as the form, with what was typed and the
    reason, never as a server error. The save was rolled back whole and its files removed (``images.storage``).

    ``image_field``: where a storage failure is shown.
    """

    image_field: str | None = None

    def describe_save_failure(self, error: Exception) -> SaveFailure | None:
        """The form error for an exception a save raised after validation; ``None`` for a server fault."""
        if isinstance(error, StorageFailure):
            return SaveFailure(error.message, error.code, self.image_field)
        return None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        storage = messages.get_messages(request)
        queued = len(getattr(storage, "_queued_messages", ()))
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (IntegrityError, OperationalError, StorageFailure) as error:
            failure = self.describe_save_failure(error)
            if request.method != "POST" or failure is None or hasattr(request, "_newsroom_save_failure"):
                raise
            logger.warning("%s save failed after validation (%s): %s", self.opts.label, failure.code, error)
            sweep_rolled_back()
            if hasattr(storage, "_queued_messages"):
                del storage._queued_messages[queued:]  # what the failed attempt said did not happen
            request._newsroom_save_failure = failure
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        failure = getattr(request, "_newsroom_save_failure", None)
        if failure is None:
            return form_class

        class RefusedUnderneath(form_class):
            def clean(self):
                cleaned_data = super().clean()
                field = failure.field if failure.field in self.fields else None
                self.add_error(field, ValidationError(failure.message, code=failure.code))
                return cleaned_data

        return RefusedUnderneath
