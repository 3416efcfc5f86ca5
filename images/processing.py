"""Re-encode every uploaded image: orientation applied, metadata (EXIF, GPS) and appended bytes dropped.

Saving pixels into a fresh file is what removes a polyglot's payload; checking alone would not.
"""

import io
import uuid
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from .storage import delete_quietly, discard_unless_committed
from .validators import validate_image

_SAVE_OPTIONS = {
    "JPEG": {"format": "JPEG", "quality": 85, "optimize": True, "progressive": True},
    "PNG": {"format": "PNG", "optimize": True},
    "WEBP": {"format": "WEBP", "quality": 85, "method": 4},
}
_EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


class CleanImage(ContentFile):
    """Bytes this module re-encoded already (an upload kept across a form shown again, ``images.pending``):
    stored as they are, not re-encoded a second time. ``kept_name`` is the kept copy, deleted once stored."""

    def __init__(self, content, name, kept_name=""):
        super().__init__(content, name=name)
        self.kept_name = kept_name


def reencode_image(upload) -> ContentFile:
    """Return a clean copy of ``upload`` under a random name; raises ValidationError for a bad file."""
    validate_image(upload)
    upload.seek(0)
    try:
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
    except (OSError, SyntaxError, ValueError) as exc:
        # validate_image decoded it already; this is a file that changed since, or a decoder's surprise.
        raise ValidationError(
            _("The image file is damaged or incomplete (perhaps the upload was cut off). Choose the file again."),
            code="image_damaged",
        ) from exc
    finally:
        upload.seek(0)  # the upload may be read again: a form shown again keeps it (images.pending)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}{_EXTENSIONS[image_format]}")


def clean_image_fields(instance, *field_names: str) -> list[str]:
    """Re-encode and store the image fields of ``instance`` that hold a new upload; returns the names stored.

    Prefer ``saving_images``, which also removes the files again when the save does not happen.
    """
    stored = []
    try:
        for name in field_names:
            fieldfile = getattr(instance, name)
            if fieldfile and not fieldfile._committed:
                upload = fieldfile.file
                if isinstance(upload, CleanImage):
                    upload.seek(0)
                    clean = ContentFile(upload.read(), name=f"{uuid.uuid4().hex}{_extension(upload.name)}")
                else:
                    clean = reencode_image(upload)
                # upload_to adds the dated folder; the random name replaces the uploader's.
                fieldfile.save(clean.name, clean, save=False)
                stored.append(fieldfile.name)
    except BaseException:
        delete_quietly(stored)
        raise
    return stored


def _extension(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ".jpg"


@contextmanager
def saving_images(instance, *field_names: str):
    """Store the new uploads of ``instance`` for the database write inside the block, and keep storage in step.

    If the write fails, the files just stored go at once and the fields hold the uploads again (a retry stores
    them anew); if the write succeeds but its transaction rolls back, they go when the request ends
    (``images.storage``). An upload kept across a form shown again is deleted once the save commits.
    """
    uploads = {name: getattr(instance, name).file for name in field_names if _is_new(getattr(instance, name))}
    stored = []
    try:
        stored = clean_image_fields(instance, *uploads)
        yield
    except BaseException:
        delete_quietly(stored)
        for name, upload in uploads.items():
            setattr(instance, name, upload)
        raise
    discard_unless_committed(stored)
    kept = [upload.kept_name for upload in uploads.values() if isinstance(upload, CleanImage) and upload.kept_name]
    if kept:
        transaction.on_commit(lambda: delete_quietly(kept))


def _is_new(fieldfile) -> bool:
    return bool(fieldfile) and not fieldfile._committed
