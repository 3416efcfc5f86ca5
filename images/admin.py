"""How the admin shows a stored image; nothing is registered here."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


def image_preview(field_file, alt: str = "", *, height: int = 160, link: bool = True):
    """A thumbnail of a stored image, linked to the full file; a short note when there is none."""
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
