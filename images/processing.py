"""Re-encode every uploaded image: orientation applied, metadata (EXIF, GPS) and appended bytes dropped.

Saving pixels into a fresh file is what removes a polyglot's payload; checking alone would not.
"""

import io
import uuid

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from .validators import validate_image

_SAVE_OPTIONS = {
    "JPEG": {"format": "JPEG", "quality": 85, "optimize": True, "progressive": True},
    "PNG": {"format": "PNG", "optimize": True},
    "WEBP": {"format": "WEBP", "quality": 85, "method": 4},
}
_EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


def reencode_image(upload) -> ContentFile:
    """Return a clean copy of ``upload`` under a random name; raises ValidationError for a bad file."""
    validate_image(upload)
    upload.seek(0)
    with Image.open(upload) as original:
        image_format = original.format
        image = ImageOps.exif_transpose(original)
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        # Pillow writes back what it read into ``info`` (a JPEG comment, EXIF, an ICC profile, XMP), and a
        # comment can carry markup or a script: nothing of the original's metadata goes into the new file.
        image.info = {}
        buffer = io.BytesIO()
        image.save(buffer, **_SAVE_OPTIONS[image_format])
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}{_EXTENSIONS[image_format]}")


def clean_image_fields(instance, *field_names: str) -> None:
    """Re-encode the image fields of ``instance`` that hold a new, not yet stored upload."""
    for name in field_names:
        fieldfile = getattr(instance, name)
        if fieldfile and not fieldfile._committed:
            clean = reencode_image(fieldfile.file)
            # upload_to adds the dated folder; the random name replaces the uploader's.
            fieldfile.save(clean.name, clean, save=False)
