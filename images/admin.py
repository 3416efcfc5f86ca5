"""How the admin shows a stored image; nothing is registered here."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


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
