"""How the admin shows a stored image, and answers a storage that refused one; nothing is registered here."""

from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .storage import StorageFailure, sweep_rolled_back


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


class StorageFailureAdminMixin:
    """A save whose image the server's storage refused (a full or read-only disk) comes back as the form, with
    what was typed and the reason, never as a server error. The save was rolled back whole and its files removed
    (``images.storage``). The article admin does the same, for the database's refusals as well."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StorageFailure as failure:
            if request.method != "POST" or hasattr(request, "_newsroom_storage_failure"):
                raise
            sweep_rolled_back()
            request._newsroom_storage_failure = failure
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        failure = getattr(request, "_newsroom_storage_failure", None)
        if failure is None:
            return form_class

        class RefusedByStorage(form_class):
            def clean(self):
                cleaned_data = super().clean()
                self.add_error(None, ValidationError(failure.message, code=failure.code))
                return cleaned_data

        return RefusedByStorage
