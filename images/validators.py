"""Upload checks shared by every image field: judged by content, not by file name."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from core.events import record_event

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


def validate_image(upload) -> None:
    """Reject anything that is not a JPEG, PNG or WebP within the size and pixel caps; a rejection is a security
    event (a disguised script or a decompression bomb is how an attack on uploads begins)."""
    try:
        _check_image(upload)
    except ValidationError as error:
        record_event(
            "upload_rejected",
            level=logging.WARNING,
            file_name=str(getattr(upload, "name", ""))[:200],
            size=getattr(upload, "size", None),
            reason=error.code,
        )
        raise


def _check_image(upload) -> None:
    if upload.size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            _("The image is too large (%(size)s MB); the limit is %(limit)s MB."),
            code="image_too_large",
            params={"size": round(upload.size / 1_048_576, 1), "limit": settings.IMAGE_MAX_BYTES // 1_048_576},
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            acceptable = image_format in ALLOWED_IMAGE_FORMATS and width * height <= settings.IMAGE_MAX_PIXELS
            if acceptable:
                image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        upload.seek(position)
        raise ValidationError(_("The file is not a valid JPEG, PNG or WebP image."), code="image_invalid") from exc
    try:
        if acceptable:
            # verify() reads the structure only (for a JPEG, hardly anything): decode every pixel now, within the
            # pixel cap, so a file cut off during the upload is refused here and not half-way through saving.
            upload.seek(0)
            with Image.open(upload) as image:
                image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("The image file is damaged or incomplete (perhaps the upload was cut off). Choose the file again."),
            code="image_damaged",
        ) from exc
    finally:
        upload.seek(position)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(
            _("Only JPEG, PNG and WebP images are accepted (this file is %(format)s)."),
            code="image_format",
            params={"format": image_format},
        )
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise ValidationError(
            _("The image has too many pixels (%(width)s×%(height)s)."),
            code="image_too_many_pixels",
            params={"width": width, "height": height},
        )
