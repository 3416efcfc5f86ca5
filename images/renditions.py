"""Responsive renditions of images: a few widths, each in WebP and in JPEG for older browsers.

Why a small Pillow pipeline and not a thumbnail library: Pillow is already here to check and re-encode
every upload (``images/processing.py``), and what the site needs is narrow: four widths in two formats of an
image field, made once and kept. sorl-thumbnail or easy-thumbnails would add a dependency with its own key
store and template syntax for that one job.

- Made on first use (a page, a feed or a share card asks for them), never upscaled, under names derived
  from the original's (``renditions/<original path>/<width>w.webp``). Uploads get a random name on every
  save, so a replaced image never reuses old renditions.
- Kept in the default storage beside the originals; the cache remembers which exist and their sizes, so a
  page costs no storage look-up and no database query.
- Made under a cache lock: a second request arriving meanwhile gets the original image, not a half-written
  rendition.
"""

import hashlib
import io
import logging
import posixpath
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

WIDTHS = (320, 640, 960, 1280)
# The JPEG used by share cards, feeds and JSON-LD: large enough for Facebook's and X's big cards.
SHARE_WIDTH = 1280
FORMATS = {
    "webp": ("WEBP", "image/webp", {"quality": 80, "method": 4}),
    "jpg": ("JPEG", "image/jpeg", {"quality": 82, "optimize": True, "progressive": True}),
}
CACHE_VERSION = 1
CACHE_SECONDS = 30 * 24 * 3600
MISSING_SECONDS = 300
LOCK_SECONDS = 120


@dataclass(frozen=True)
class Rendition:
    name: str
    width: int
    height: int
    mime_type: str

    @property
    def url(self) -> str:
        return default_storage.url(self.name)

    @property
    def size(self) -> int:
        """Bytes in storage (for feed enclosures)."""
        return default_storage.size(self.name)


@dataclass(frozen=True)
class RenditionSet:
    width: int
    height: int
    webp: tuple[Rendition, ...]
    jpeg: tuple[Rendition, ...]

    @staticmethod
    def _srcset(renditions) -> str:
        return ", ".join(f"{r.url} {r.width}w" for r in renditions)

    @property
    def webp_srcset(self) -> str:
        return self._srcset(self.webp)

    @property
    def jpeg_srcset(self) -> str:
        return self._srcset(self.jpeg)

    @property
    def fallback(self) -> Rendition:
        """The ``src`` for browsers without srcset: the 640 JPEG, or the largest one below it."""
        fitting = [r for r in self.jpeg if r.width <= 640]
        return fitting[-1] if fitting else self.jpeg[0]

    @property
    def share(self) -> Rendition:
        """The largest JPEG up to SHARE_WIDTH."""
        fitting = [r for r in self.jpeg if r.width <= SHARE_WIDTH]
        return fitting[-1] if fitting else self.jpeg[0]

    @property
    def largest(self) -> Rendition:
        return self.jpeg[-1]


def target_widths(original_width: int) -> list[int]:
    """The widths made for an original: those not wider than it, or the original's own width."""
    return [width for width in WIDTHS if width <= original_width] or [original_width]


def rendition_name(original_name: str, width: int, extension: str) -> str:
    stem, _ext = posixpath.splitext(original_name)
    return f"renditions/{stem}/{width}w.{extension}"


def _cache_key(original_name: str) -> str:
    digest = hashlib.sha256(original_name.encode()).hexdigest()[:40]
    return f"renditions:v{CACHE_VERSION}:{digest}"


def _build(original_name: str, info: dict) -> RenditionSet:
    width, height = info["size"]
    made = {}
    for extension, (_format, mime_type, _options) in FORMATS.items():
        made[extension] = tuple(
            Rendition(rendition_name(original_name, w, extension), w, max(1, round(w * height / width)), mime_type)
            for w in info["widths"]
        )
    return RenditionSet(width=width, height=height, webp=made["webp"], jpeg=made["jpg"])


def _resize(image: Image.Image, width: int) -> Image.Image:
    height = max(1, round(width * image.height / image.width))
    return image if (width, height) == image.size else image.resize((width, height), Image.Resampling.LANCZOS)


def _encode(image: Image.Image, image_format: str, options: dict) -> bytes:
    if image_format == "JPEG" and image.mode != "RGB":
        if "A" in image.getbands():
            # JPEG has no transparency: flatten on white, as the page background is.
            background = Image.new("RGB", image.size, "white")
            background.paste(image, mask=image.getchannel("A"))
            image = background
        else:
            image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def _save(name: str, content: bytes) -> None:
    if default_storage.exists(name):
        return
    saved = default_storage.save(name, ContentFile(content))
    if saved != name:  # another process wrote it first; keep theirs
        default_storage.delete(saved)


def _make(original_name: str) -> dict | None:
    """Write the missing renditions of ``original_name``; their sizes, or None when it cannot be read."""
    try:
        with default_storage.open(original_name, "rb") as handle, Image.open(handle) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened)
            if image.mode not in ("RGB", "RGBA", "L", "LA"):
                image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
            widths = target_widths(image.width)
            for width in widths:
                names = {extension: rendition_name(original_name, width, extension) for extension in FORMATS}
                missing = [extension for extension, name in names.items() if not default_storage.exists(name)]
                if missing:
                    resized = _resize(image, width)
                    for extension in missing:
                        image_format, _mime, options = FORMATS[extension]
                        _save(names[extension], _encode(resized, image_format, options))
            return {"size": image.size, "widths": widths}
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        logger.warning("No renditions for %s: the original cannot be read.", original_name, exc_info=True)
        return None


def renditions_for(fieldfile) -> RenditionSet | None:
    """The renditions of an image field's file, made now if needed; None when there is no usable image.

    None also while another request is making them: the caller then shows the original.
    """
    if not fieldfile or not getattr(fieldfile, "name", ""):
        return None
    name = fieldfile.name
    key = _cache_key(name)
    info = cache.get(key)
    if info is None:
        if not cache.add(key + ":lock", 1, timeout=LOCK_SECONDS):
            return None
        try:
            info = _make(name) or {"missing": True}
            cache.set(key, info, timeout=MISSING_SECONDS if info.get("missing") else CACHE_SECONDS)
        finally:
            cache.delete(key + ":lock")
    if info.get("missing"):
        return None
    return _build(name, info)


def share_image(fieldfile) -> Rendition | None:
    """The JPEG for share cards, feeds and JSON-LD."""
    renditions = renditions_for(fieldfile)
    return renditions.share if renditions else None
