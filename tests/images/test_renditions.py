"""Responsive renditions of hero images: widths, formats, made once, lazy everywhere but the hero."""

import re
from unittest import mock

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.template import Context, Template
from django.urls import reverse
from PIL import Image

from images import renditions
from images.renditions import renditions_for
from tests.factories import image_upload, make_article


def with_image(width=2000, height=1000, **options):
    return make_article(hero_image=image_upload(size=(width, height), **options), hero_alt="Foto uji")


def opened(name):
    with default_storage.open(name, "rb") as handle, Image.open(handle) as image:
        image.load()
        return image.format, image.size, image.mode


@pytest.mark.django_db
def test_renditions_are_made_in_every_width_and_both_formats():
    article = with_image(2000, 1000)
    made = renditions_for(article.hero_image)
    assert [r.width for r in made.webp] == [r.width for r in made.jpeg] == [320, 640, 960, 1280]
    assert [r.height for r in made.jpeg] == [160, 320, 480, 640]
    for rendition in (*made.webp, *made.jpeg):
        image_format, size, _mode = opened(rendition.name)
        assert image_format == {"image/webp": "WEBP", "image/jpeg": "JPEG"}[rendition.mime_type]
        assert size == (rendition.width, rendition.height)
    assert made.fallback.width == 640 and made.share.width == 1280


@pytest.mark.django_db
def test_small_images_are_never_upscaled():
    article = with_image(500, 300)
    made = renditions_for(article.hero_image)
    assert [r.width for r in made.jpeg] == [320]
    tiny = renditions_for(with_image(100, 50).hero_image)
    assert [(r.width, r.height) for r in tiny.jpeg] == [(100, 50)]


@pytest.mark.django_db
def test_renditions_are_made_once_and_remembered():
    article = with_image()
    renditions_for(article.hero_image)
    with mock.patch.object(default_storage, "save", wraps=default_storage.save) as save:
        renditions_for(article.hero_image)
        cache.clear()  # the cache forgot: storage still has them
        again = renditions_for(article.hero_image)
    assert save.call_count == 0
    assert [r.width for r in again.jpeg] == [320, 640, 960, 1280]


@pytest.mark.django_db
def test_transparent_png_keeps_alpha_in_webp_and_goes_on_white_in_jpeg():
    article = make_article(hero_image=image_upload("PNG", (400, 200), (255, 0, 0, 0), "RGBA"), hero_alt="Logo")
    made = renditions_for(article.hero_image)
    assert opened(made.jpeg[0].name)[2] == "RGB"
    assert opened(made.webp[0].name)[2] == "RGBA"
    with default_storage.open(made.jpeg[0].name, "rb") as handle, Image.open(handle) as image:
        assert image.getpixel((10, 10))[0] > 240 and image.getpixel((10, 10))[1] > 240  # white, not black


@pytest.mark.django_db
def test_a_missing_original_gives_the_plain_image_not_an_error(client):
    article = with_image()
    default_storage.delete(article.hero_image.name)
    assert renditions_for(article.hero_image) is None
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'<img src="{article.hero_image.url}" alt="Foto uji"' in page


@pytest.mark.django_db
def test_while_another_request_makes_them_the_original_is_shown():
    article = with_image()
    cache.add(renditions._cache_key(article.hero_image.name) + ":lock", 1)
    assert renditions_for(article.hero_image) is None
    html = Template("{% load article_tags %}{% picture image 'Foto' %}").render(Context({"image": article.hero_image}))
    assert html.startswith(f'<img src="{article.hero_image.url}" alt="Foto" loading="lazy"')


@pytest.mark.django_db
def test_the_hero_loads_first_and_cards_load_lazily(client):
    article = with_image(1600, 900)
    page = client.get(article.get_absolute_url()).content.decode()
    hero = re.search(r'<figure class="hero"><picture>.*?</picture>', page.replace("\n", "").replace("  ", ""))
    assert hero, page
    hero = hero.group()
    assert 'type="image/webp"' in hero and "320w.webp 320w" in hero and "1280w.webp 1280w" in hero
    assert 'srcset="' in hero and "960w.jpg 960w" in hero
    assert 'sizes="(min-width: 44rem) 42rem, 100vw"' in hero
    assert 'width="1280" height="720"' in hero
    assert 'loading="lazy"' not in hero and 'fetchpriority="high"' in hero

    listing = client.get(reverse("public:article-list")).content.decode()
    (card_image,) = re.findall(r'<div class="card-image"><picture>.*?</picture></div>', listing)
    assert 'loading="lazy"' in card_image and 'width="1280" height="720"' in card_image
    assert 'alt="Foto uji"' in card_image


@pytest.mark.django_db
def test_css_keeps_the_aspect_ratio():
    css = open(finders.find("css/site.css"), encoding="utf-8").read()  # noqa: SIM115
    assert re.search(r"img \{[^}]*height: auto", css)
    assert re.search(r"\.card-image img \{[^}]*aspect-ratio: 4 / 3;[^}]*object-fit: cover", css)
