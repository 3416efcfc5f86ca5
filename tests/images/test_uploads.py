"""Uploads are judged by content, re-encoded, stripped of metadata and renamed."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from images.processing import reencode_image
from tests.factories import image_bytes, make_article


def exif_with_gps_and_orientation() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x8825] = {1: "S", 2: (6.0, 7.0, 0.0)}  # GPS IFD
    return exif.tobytes()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_accepted_formats_are_reencoded_under_a_random_name(fmt):
    clean = reencode_image(SimpleUploadedFile("foto kota.xyz", image_bytes(fmt)))
    assert not clean.name.startswith("foto")
    assert clean.name.endswith({"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}[fmt])
    with Image.open(io.BytesIO(clean.read())) as image:
        assert image.format == fmt


def test_exif_orientation_is_applied_and_metadata_removed():
    upload = SimpleUploadedFile("a.jpg", image_bytes(size=(40, 30), exif=exif_with_gps_and_orientation()))
    with Image.open(io.BytesIO(reencode_image(upload).read())) as image:
        assert image.size == (30, 40)
        assert not image.getexif()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_markup_in_the_image_metadata_is_dropped(fmt):
    payload = b"<html><script>alert(1)</script></html>"
    buffer = io.BytesIO()
    if fmt == "PNG":
        text = PngInfo()
        text.add_text("Comment", payload.decode())
        extra = {"pnginfo": text}
    else:
        extra = {"comment": payload} if fmt == "JPEG" else {"xmp": payload}
    Image.new("RGB", (40, 30), (10, 120, 200)).save(buffer, fmt, **extra)
    assert payload in buffer.getvalue()
    cleaned = reencode_image(SimpleUploadedFile(f"a.{fmt.lower()}", buffer.getvalue())).read()
    assert payload not in cleaned


def test_appended_payload_is_dropped():
    payload = b"<script>alert(1)</script>PK\x03\x04polyglot"
    upload = SimpleUploadedFile("a.jpg", image_bytes() + payload)
    assert payload not in reencode_image(upload).read()


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"bukan gambar, hanya teks", "image_invalid"),
        (b"GIF89a" + b"\x00" * 40, "image_invalid"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "image_invalid"),
    ],
)
def test_files_that_are_not_allowed_images_are_refused(content, code):
    with pytest.raises(ValidationError) as error:
        reencode_image(SimpleUploadedFile("foto.jpg", content))
    assert error.value.code == code


def test_gif_is_refused_even_though_it_is_an_image():
    with pytest.raises(ValidationError) as error:
        reencode_image(SimpleUploadedFile("foto.jpg", image_bytes("GIF", size=(10, 10), color=0, mode="P")))
    assert error.value.code == "image_format"


def test_decompression_bomb_is_refused_before_decoding(settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    bomb = image_bytes("PNG", size=(4000, 4000), color=0, mode="1")  # tiny file, 16 megapixels
    assert len(bomb) < 100_000
    with pytest.raises(ValidationError) as error:
        reencode_image(SimpleUploadedFile("bom.png", bomb))
    assert error.value.code == "image_too_many_pixels"


def test_oversized_file_is_refused(settings):
    settings.IMAGE_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        reencode_image(SimpleUploadedFile("besar.png", image_bytes("PNG", size=(300, 300)) + b"\0" * 2000))
    assert error.value.code == "image_too_large"


@pytest.mark.django_db
def test_article_hero_image_is_cleaned_on_save():
    upload = SimpleUploadedFile("IMG_0001 rahasia.jpg", image_bytes(exif=exif_with_gps_and_orientation()))
    article = make_article(hero_image=upload, hero_alt="Wali kota membuka rakor")
    assert article.hero_image.name.startswith("articles/")
    assert "rahasia" not in article.hero_image.name
    with Image.open(article.hero_image.path) as image:
        assert not image.getexif()
