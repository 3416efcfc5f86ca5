"""The admin's forms refuse bad input and keep what was typed: events and positions that end before they start,
files that are not accepted images, images without alt text, duplicate slugs and unknown inferred fields.

Assertions use Django's own Indonesian strings or the error codes, not the wording of this project's messages.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from cities.models import City, Event, Official, Position
from tests.factories import (
    DJANGO_CORRECT_ERRORS,
    article_data,
    city_data,
    form_errors,
    image_upload,
    make_article,
    make_city,
    make_event,
    make_official,
    management,
    message_levels,
)


def png_upload():
    return image_upload("PNG", size=(12, 8))


def fake_jpeg_upload(name="bukan-foto.jpg"):
    return SimpleUploadedFile(name, b"Ini teks biasa, bukan gambar.\n" * 20, content_type="image/jpeg")


def event_data(**overrides) -> dict:
    data = {
        "name": "Rakor Kehumasan Uji",
        "slug": "rakor-kehumasan-uji",
        "kind": "rakor",
        "edition": "",
        "organiser": "",
        "parent": "",
        "host_city": "",
        "venue": "",
        "starts_on": "2023-07-12",
        "ends_on": "2023-07-13",
        "date_note": "",
        "cities": [],
        "theme": "",
        "description": "",
        "source_note": "",
        "inferred_fields": "[]",
        **management("speaker_roles"),
    }
    data.update(overrides)
    return data


def official_data(**overrides) -> dict:
    data = {
        "honorific_prefix": "H.",
        "name": "Syafrudin Uji",
        "honorific_suffix": "S.Pd",
        "slug": "syafrudin-uji",
        "photo_alt": "",
        "source_note": "",
        "inferred_fields": "[]",
        **management("positions"),
    }
    data.update(overrides)
    return data


# --- bad input is refused, what was typed stays ------------------------------------------------------------


@pytest.mark.django_db
def test_event_ending_before_it_starts_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:cities_event_add"), event_data(starts_on="2023-07-12", ends_on="2023-07-10")
    )

    assert response.status_code == 200
    assert "ends_before_start" in form_errors(response)["ends_on"]
    content = response.content.decode()
    assert DJANGO_CORRECT_ERRORS in content
    assert 'value="Rakor Kehumasan Uji"' in content
    assert 'value="2023-07-10"' in content
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_event_end_without_start_shows_the_constraint_message(admin_client):
    response = admin_client.post(reverse("admin:cities_event_add"), event_data(starts_on="", ends_on="2023-07-10"))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.non_field_errors()  # from the check constraint event_ends_after_start, run by full_clean()
    assert str(form.non_field_errors()[0]) in response.content.decode()
    assert 'value="Rakor Kehumasan Uji"' in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_event_change_ending_before_start_keeps_the_stored_event(admin_client):
    event = make_event(name="Rakor Lama", slug="rakor-lama", starts_on=datetime.date(2023, 7, 10))
    response = admin_client.post(
        reverse("admin:cities_event_change", args=[event.pk]),
        event_data(name="Rakor Diubah", slug="rakor-lama", starts_on="2023-07-10", ends_on="2023-07-01"),
    )
    assert response.status_code == 200
    assert "ends_on" in form_errors(response)
    event.refresh_from_db()
    assert (event.name, event.ends_on) == ("Rakor Lama", None)


@pytest.mark.django_db
def test_valid_event_saves_with_participating_cities(admin_client, serang, makassar):
    official = make_official()
    data = event_data(cities=[str(serang.pk), str(makassar.pk)], host_city=str(makassar.pk))
    data.update(management("speaker_roles", total=1))
    data.update({"speaker_roles-0-official": str(official.pk), "speaker_roles-0-order": "0"})

    response = admin_client.post(reverse("admin:cities_event_add"), data)

    assert response.status_code == 302
    event = Event.objects.get()
    assert set(event.cities.all()) == {serang, makassar}
    assert list(event.speakers.all()) == [official]


@pytest.mark.django_db
def test_position_ending_before_it_starts_is_refused_inline(admin_client, serang):
    data = official_data()
    data.update(management("positions", total=1))
    data.update(
        {
            "positions-0-title": "Wali Kota",
            "positions-0-city": str(serang.pk),
            "positions-0-organisation": "",
            "positions-0-tenure": "definitive",
            "positions-0-starts_on": "2023-01-10",
            "positions-0-ends_on": "2022-01-10",
        }
    )
    response = admin_client.post(reverse("admin:cities_official_add"), data)

    assert response.status_code == 200
    inline_form = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert "ends_on" in inline_form.errors
    assert not Official.objects.exists()
    assert not Position.objects.exists()


@pytest.mark.django_db
def test_article_with_text_file_as_image_is_refused(admin_client, serang):
    data = article_data(serang, hero_image=fake_jpeg_upload(), hero_alt="Wali Kota di lokasi banjir")

    response = admin_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 200
    assert "hero_image" in form_errors(response)
    content = response.content.decode()
    assert DJANGO_CORRECT_ERRORS in content
    assert "bukan merupakan berkas gambar" in content  # Django's own Indonesian message
    assert 'value="Wali Kota Tinjau Banjir Rob di Kasemen"' in content
    assert 'value="Wali Kota di lokasi banjir"' in content
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_article_with_an_image_format_not_accepted_is_refused(admin_client, serang):
    gif = image_upload("GIF", size=(12, 8), name="animasi.gif")
    data = article_data(serang, hero_image=gif, hero_alt="Animasi")

    response = admin_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 200
    assert form_errors(response)["hero_image"] == ["image_format"]  # images.validators.validate_image
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_article_image_without_alt_text_is_refused(admin_client, serang):
    response = admin_client.post(reverse("admin:articles_article_add"), article_data(serang, hero_image=png_upload()))

    assert response.status_code == 200
    assert form_errors(response) == {"hero_alt": ["alt_required"]}
    assert 'value="Wali Kota Tinjau Banjir Rob di Kasemen"' in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_article_with_png_saves_and_shows_a_preview(admin_client, admin_user, serang):
    data = article_data(serang, hero_image=png_upload(), hero_alt="Wali Kota meninjau tanggul")

    response = admin_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get()
    assert article.hero_image.name.startswith("articles/")
    assert article.hero_image.name.endswith(".png")
    assert article.author == admin_user
    assert sorted(article.tags.names()) == ["banjir rob", "pelayanan publik"]
    assert list(article.cities.all()) == [serang]

    content = admin_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert f'<img src="{article.hero_image.url}" alt="Wali Kota meninjau tanggul"' in content


@pytest.mark.django_db
def test_saving_an_article_does_not_reopen_its_stored_image(admin_client, serang):
    article = make_article(cities=[serang], hero_alt="Foto lama")
    Article.objects.filter(pk=article.pk).update(hero_image="articles/2020/01/hilang.jpg")  # not in storage

    data = article_data(serang, headline="Judul Baru", slug=article.slug, hero_alt="Foto lama", version=article.version)
    response = admin_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Judul Baru"


@pytest.mark.django_db
def test_clearing_the_image_drops_the_alt_requirement(admin_client, serang):
    data = article_data(serang, hero_image=png_upload(), hero_alt="Foto")
    admin_client.post(reverse("admin:articles_article_add"), data)
    article = Article.objects.get()

    data = article_data(serang, slug=article.slug, hero_alt="", version=article.version, **{"hero_image-clear": "on"})
    response = admin_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert not article.hero_image


@pytest.mark.parametrize(
    ("model", "field", "data"),
    [
        ("cities/official", "photo", official_data(photo_alt="Foto resmi")),
        ("cities/city", "logo", city_data()),
    ],
)
@pytest.mark.django_db
def test_reference_images_are_checked(admin_client, model, field, data):
    response = admin_client.post(f"/admin/{model}/add/", {**data, field: fake_jpeg_upload()})
    assert response.status_code == 200
    assert field in form_errors(response)
    assert 'value="' + (data.get("name")) + '"' in response.content.decode()

    response = admin_client.post(f"/admin/{model}/add/", {**data, field: png_upload()})
    assert response.status_code == 302
    obj = (Official if field == "photo" else City).objects.get()
    assert getattr(obj, field).name.endswith(".png")
    content = admin_client.get(f"/admin/{model}/{obj.pk}/change/").content.decode()
    assert f'<img src="{getattr(obj, field).url}"' in content


@pytest.mark.django_db
def test_official_photo_needs_alt_text(admin_client):
    response = admin_client.post(reverse("admin:cities_official_add"), {**official_data(), "photo": png_upload()})
    assert response.status_code == 200
    assert form_errors(response) == {"photo_alt": ["alt_required"]}
    assert not Official.objects.exists()


@pytest.mark.django_db
def test_a_taken_article_slug_gets_the_first_free_variant(admin_client, serang):
    """Articles share one address space: a taken slug is no error (which would say by what); the article gets a
    free variant and the user is told which (tests/admin/test_save_integrity.py: whatever holds the slug)."""
    make_article(slug="rakor-humas", cities=[serang])
    make_article(slug="rakor-humas-2", cities=[serang])

    response = admin_client.post(
        reverse("admin:articles_article_add"), article_data(serang, headline="Judul Kedua", slug="rakor-humas")
    )

    assert response.status_code == 302
    assert Article.objects.get(headline="Judul Kedua").slug == "rakor-humas-3"
    assert "info" in message_levels(response)


@pytest.mark.parametrize(
    ("model", "make", "data"),
    [
        ("cities/event", lambda: make_event(slug="sama"), event_data(slug="sama")),
        ("cities/official", lambda: make_official(slug="sama"), official_data(slug="sama")),
        ("cities/city", lambda: make_city(slug="sama"), city_data(slug="sama")),
    ],
)
@pytest.mark.django_db
def test_duplicate_reference_slug_is_refused(admin_client, model, make, data):
    existing = make()
    response = admin_client.post(f"/admin/{model}/add/", data)
    assert response.status_code == 200
    assert form_errors(response)["slug"] == ["unique"]
    assert type(existing).objects.count() == 1


@pytest.mark.django_db
def test_bad_inferred_fields_are_refused(admin_client, serang):
    response = admin_client.post(
        reverse("admin:articles_article_add"), article_data(serang, inferred_fields='["published_at", "tidak_ada"]')
    )
    assert form_errors(response) == {"inferred_fields": ["inferred_unknown"]}
    response = admin_client.post(reverse("admin:articles_article_add"), article_data(serang, inferred_fields=""))
    assert response.status_code == 302
    assert Article.objects.get().inferred_fields == []
