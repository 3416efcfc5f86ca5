"""The staff admin: pages load, forms refuse bad input and keep what was typed, staff are scoped by city.

Assertions use Django's own Indonesian strings or error codes, never this project's msgids (their
Indonesian catalogue is produced later).

Status changes happen only through the workflow (``tests/test_admin_workflow.py``): the article form has no
status or publication time any more, and a change must carry the version the form was loaded with.
"""

import datetime
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.management.commands.create_staff import create_staff
from articles.models import Article, Mention
from articles.roles import GROUP_NAMES
from cities.models import City, Event, EventSpeaker, Membership, Official, Position, Role
from tests.factories import make_article, make_city, make_event, make_official, make_position, make_user

PASSWORD = "kata-sandi-uji-123"
DJANGO_CORRECT_ERRORS = "Harap perbaiki kesalahan dibawah"  # "Please correct the error(s) below."
DJANGO_MISSING_OBJECT = "tidak ada. Mungkin telah dihapus?"  # "… doesn't exist. Perhaps it was deleted?"


# --- helpers ---------------------------------------------------------------------------------------------


def image_bytes(image_format="PNG", size=(12, 8), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, image_format)
    return buffer.getvalue()


def png_upload(name="foto.png"):
    return SimpleUploadedFile(name, image_bytes("PNG"), content_type="image/png")


def fake_jpeg_upload(name="bukan-foto.jpg"):
    return SimpleUploadedFile(name, b"Ini teks biasa, bukan gambar.\n" * 20, content_type="image/jpeg")


def management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def article_data(city, **overrides) -> dict:
    data = {
        "headline": "Wali Kota Tinjau Banjir Rob di Kasemen",
        "subtitle": "",
        "slug": "wali-kota-tinjau-banjir-rob-di-kasemen",
        "lead": "",
        "body": "<p>Wali Kota meninjau lokasi banjir rob.</p>",
        "dateline_city": "",
        "dateline": "SERANG",
        "hero_alt": "",
        "hero_caption": "",
        "hero_credit": "",
        "city": str(city.pk),
        "cities": [str(city.pk)],
        "event": "",
        "tags": "banjir rob, pelayanan publik",
        "source_line": "",
        "byline": "",
        "status": Article.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "published_time_known": "on",
        "source_note": "",
        "inferred_fields": "[]",
        **management("mentions"),
    }
    data.update(overrides)
    return data


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


def city_data(**overrides) -> dict:
    data = {
        "name": "Kota Palangka Raya",
        "short_name": "Palangka Raya",
        "slug": "palangka-raya",
        "province": "Kalimantan Tengah",
        "time_zone": "Asia/Jakarta",
        "kecamatan_count": "5",
        "kelurahan_count": "30",
        "apeksi_commissariat": "",
        "profile": "",
        "source_note": "",
        "inferred_fields": "[]",
    }
    data.update(overrides)
    return data


def form_errors(response, formset_index=None):
    """The field errors of the admin form in a re-rendered change form, as {field: [codes]}."""
    form = response.context["adminform"].form
    return {field: [error.code for error in errors] for field, errors in form.errors.as_data().items()}


def staff_client(username, city, role) -> tuple[Client, object]:
    user, _created = create_staff(username, city=city, role=role, password=PASSWORD)
    client = Client()
    client.force_login(user)
    return client, user


def changelist_objects(response):
    return list(response.context["cl"].result_list)


@pytest.fixture
def serang(db):
    return make_city(short_name="Serang", name="Kota Serang", slug="serang")


@pytest.fixture
def palangka_raya(db):
    return make_city(
        short_name="Palangka Raya",
        name="Kota Palangka Raya",
        slug="palangka-raya",
        province="Kalimantan Tengah",
        time_zone="Asia/Jakarta",
    )


@pytest.fixture
def makassar(db):
    return make_city(
        short_name="Makassar",
        name="Kota Makassar",
        slug="makassar",
        province="Sulawesi Selatan",
        time_zone="Asia/Makassar",
    )


# --- every page loads --------------------------------------------------------------------------------------

MODELS = ["cities/city", "cities/official", "cities/position", "cities/event", "cities/membership", "articles/article"]


@pytest.mark.parametrize("model", MODELS + ["taggit/tag"])
@pytest.mark.django_db
def test_changelist_and_add_pages_load_for_superuser(admin_client, model):
    make_article(tags=["banjir"], officials=[make_official()], event=make_event())
    assert admin_client.get(f"/admin/{model}/").status_code == 200
    assert admin_client.get(f"/admin/{model}/add/").status_code == 200


@pytest.mark.django_db
def test_change_pages_load_for_superuser(admin_client, admin_user, serang):
    official = make_official()
    position = make_position(official, city=serang)
    event = make_event(host_city=serang)
    event.cities.set([serang])
    EventSpeaker.objects.create(event=event, official=official, position=position)
    article = make_article(cities=[serang], event=event, officials=[official], tags=["rakor"])
    membership = Membership.objects.create(user=make_user(is_staff=True), city=serang, role=Role.PENULIS)
    for obj in (serang, official, position, event, article, membership):
        url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
        response = admin_client.get(url)
        assert response.status_code == 200, url
    assert admin_client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_article_changelist_columns(admin_client, admin_user, makassar):
    event = make_event(name="Rakernas XVI APEKSI")
    make_article(
        headline="Makassar Tuan Rumah Rakernas",
        cities=[makassar],
        event=event,
        tags=["rakernas", "apeksi"],
        author=admin_user,
        published_at=datetime.datetime(2023, 7, 12, 6, 30, tzinfo=datetime.UTC),
    )
    make_article(headline="Draf Tanpa Waktu", status=Article.Status.DRAFT)

    content = admin_client.get(reverse("admin:articles_article_changelist")).content.decode()

    assert "Makassar Tuan Rumah Rakernas" in content
    assert "Rakernas XVI APEKSI" in content
    assert "apeksi, rakernas" in content or "rakernas, apeksi" in content
    assert "14:30 WITA" in content  # 06:30 UTC in the desk city's zone, not the server's WIB
    assert "newsroom-status-published" in content
    assert "newsroom-status-draft" in content
    assert admin_user.username in content


@pytest.mark.django_db
def test_drafts_come_first_in_the_article_changelist(admin_client):
    make_article(headline="Terbit lama", published_at=timezone.now() - datetime.timedelta(days=3))
    make_article(headline="Draf", status=Article.Status.DRAFT)
    make_article(headline="Terbit baru", published_at=timezone.now() - datetime.timedelta(hours=1))

    response = admin_client.get(reverse("admin:articles_article_changelist"))

    assert [a.headline for a in changelist_objects(response)] == ["Draf", "Terbit baru", "Terbit lama"]


# --- search, filters, autocomplete ------------------------------------------------------------------------


@pytest.mark.django_db
def test_article_search(admin_client, serang):
    wanted = make_article(headline="Pemkot Serang Gelar Sosialisasi Kehumasan", cities=[serang])
    tagged = make_article(headline="Berita lain", tags=["sosialisasi"])
    make_article(headline="Rakernas di Makassar")

    response = admin_client.get(reverse("admin:articles_article_changelist"), {"q": "sosialisasi"})

    assert response.status_code == 200
    assert set(changelist_objects(response)) == {wanted, tagged}


@pytest.mark.django_db
def test_article_filters(admin_client, serang, palangka_raya):
    draft = make_article(headline="Draf Serang", cities=[serang], status=Article.Status.DRAFT, tags=["banjir"])
    published = make_article(headline="Terbit Serang", cities=[serang], tags=["banjir", "rob"])
    other = make_article(headline="Terbit Palangka Raya", cities=[palangka_raya])
    url = reverse("admin:articles_article_changelist")
    banjir = draft.tags.get()

    def listed(params):
        response = admin_client.get(url, params)
        assert response.status_code == 200
        assert "?e=1" not in response.url if hasattr(response, "url") else True
        return set(changelist_objects(response))

    assert listed({"status__exact": "draft"}) == {draft}
    assert listed({"status__exact": "published"}) == {published, other}
    assert listed({"city__id__exact": palangka_raya.pk}) == {other}
    assert listed({"tags__id__exact": banjir.pk}) == {draft, published}
    year = timezone.localtime(published.published_at).year
    assert listed({"published_at__year": year}) == {published, other}


@pytest.mark.django_db
def test_reference_search_and_filters(admin_client, serang, makassar):
    official = make_official(name="Danny Pomanto")
    make_position(official, city=makassar)
    make_official(name="Syafrudin")
    event = make_event(name="Rakernas XVI", host_city=makassar, kind="rakernas")
    make_event(name="Rakor Humas", host_city=serang, kind="rakor")

    response = admin_client.get(reverse("admin:cities_city_changelist"), {"q": "makas"})
    assert changelist_objects(response) == [makassar]
    response = admin_client.get(reverse("admin:cities_city_changelist"), {"time_zone__exact": "Asia/Makassar"})
    assert changelist_objects(response) == [makassar]
    response = admin_client.get(reverse("admin:cities_official_changelist"), {"q": "pomanto"})
    assert changelist_objects(response) == [official]
    response = admin_client.get(
        reverse("admin:cities_official_changelist"), {"positions__city__id__exact": makassar.pk}
    )
    assert changelist_objects(response) == [official]
    response = admin_client.get(reverse("admin:cities_event_changelist"), {"kind__exact": "rakernas"})
    assert changelist_objects(response) == [event]
    response = admin_client.get(reverse("admin:cities_event_changelist"), {"q": "makassar"})
    assert changelist_objects(response) == [event]


def autocomplete(client, field_name, term="", model_name="article", app_label="articles"):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return {item["text"] for item in json.loads(response.content)["results"]}


@pytest.mark.django_db
def test_city_autocomplete_answers_json(admin_client, serang, palangka_raya, makassar):
    assert autocomplete(admin_client, "cities", "pala") == {"Kota Palangka Raya"}
    assert autocomplete(admin_client, "city") == {"Kota Serang", "Kota Palangka Raya", "Kota Makassar"}
    assert autocomplete(admin_client, "host_city", "ser", model_name="event", app_label="cities") == {"Kota Serang"}


@pytest.mark.django_db
def test_official_event_and_position_autocomplete(admin_client, serang):
    official = make_official(name="Budi Santoso")
    make_position(official, city=serang, title="Wali Kota")
    make_event(name="Rakernas XVI")
    assert autocomplete(admin_client, "event", "rakernas") == {"Rakernas XVI"}
    assert autocomplete(admin_client, "official", "budi", model_name="mention") == {"Budi Santoso"}
    assert autocomplete(admin_client, "position", "budi", model_name="mention") == {"Budi Santoso: Wali Kota Serang"}


# --- query budget -----------------------------------------------------------------------------------------

# Session, user, the filters' choices (desk city, event, tag, author), count ×2, the rows, prefetched tags,
# prefetched cities, the date hierarchy ×2. The number of rows must not change it.
SUPERUSER_CHANGELIST_QUERIES = 13
# Plus the user's and the groups' permissions and the membership lookup.
STAFF_CHANGELIST_QUERIES = 16


def make_rich_articles(count, city, author):
    event = make_event(host_city=city)
    second_city = make_city()
    for n in range(count):
        make_article(cities=[city, second_city], tags=["rakor", f"tag-{n}"], event=event, author=author)


@pytest.mark.parametrize("rows", [3, 15])
@pytest.mark.django_db
def test_article_changelist_query_count_is_flat(admin_client, admin_user, django_assert_max_num_queries, rows):
    make_rich_articles(rows, make_city(), admin_user)
    with django_assert_max_num_queries(SUPERUSER_CHANGELIST_QUERIES):
        response = admin_client.get(reverse("admin:articles_article_changelist"))
    assert len(changelist_objects(response)) == rows


@pytest.mark.parametrize("rows", [3, 15])
@pytest.mark.django_db
def test_staff_article_changelist_query_count_is_flat(django_assert_max_num_queries, serang, rows):
    client, user = staff_client("penulis_serang", serang, Role.PENULIS)
    make_rich_articles(rows, serang, user)
    with django_assert_max_num_queries(STAFF_CHANGELIST_QUERIES):
        response = client.get(reverse("admin:articles_article_changelist"))
    assert len(changelist_objects(response)) == rows


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
    gif = SimpleUploadedFile("animasi.gif", image_bytes("GIF"), content_type="image/gif")
    data = article_data(serang, hero_image=gif, hero_alt="Animasi")

    response = admin_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 200
    assert form_errors(response)["hero_image"] == ["image_format"]  # cities.validators.validate_image
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
def test_duplicate_article_slug_is_refused(admin_client, serang):
    make_article(slug="rakor-humas", cities=[serang])

    response = admin_client.post(
        reverse("admin:articles_article_add"), article_data(serang, headline="Judul Kedua", slug="rakor-humas")
    )

    assert response.status_code == 200
    assert form_errors(response)["slug"] == ["unique"]
    assert "telah ada" in response.content.decode()  # Django: "… dengan … telah ada."
    assert 'value="Judul Kedua"' in response.content.decode()
    assert Article.objects.count() == 1


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


# --- author, publishing -------------------------------------------------------------------------------------


def publish_now(client, article):
    """The workflow's "publish now" button."""
    return client.post(
        reverse("admin:articles_article_transition", args=[article.pk, "publish"]), {"version": article.version}
    )


@pytest.mark.django_db
def test_a_new_article_is_a_draft_whatever_status_is_posted(admin_client, serang):
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        article_data(serang, status="published", published_at_0="2023-07-12", published_at_1="10:00:00"),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None


@pytest.mark.django_db
def test_superuser_publishing_without_a_time_publishes_now(admin_client, serang):
    before = timezone.now()
    admin_client.post(reverse("admin:articles_article_add"), article_data(serang))
    article = Article.objects.get()

    response = publish_now(admin_client, article)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert before <= article.published_at <= timezone.now()
    assert article.is_published


@pytest.mark.django_db
def test_view_on_site_only_for_published_articles(admin_client):
    published = make_article()
    draft = make_article(status=Article.Status.DRAFT)
    content = admin_client.get(reverse("admin:articles_article_change", args=[published.pk])).content.decode()
    assert "Lihat di situs" in content
    content = admin_client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    assert "Lihat di situs" not in content


# --- scoped by city ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_penulis_sees_only_their_citys_articles(serang, palangka_raya):
    client, _user = staff_client("penulis_serang", serang, Role.PENULIS)
    own = make_article(headline="Berita Serang", cities=[serang])
    make_article(headline="Berita Palangka Raya", cities=[palangka_raya])

    response = client.get(reverse("admin:articles_article_changelist"))

    assert response.status_code == 200
    assert changelist_objects(response) == [own]
    assert "Berita Palangka Raya" not in response.content.decode()


@pytest.mark.parametrize("role", [Role.PENULIS, Role.REDAKTUR])
@pytest.mark.django_db
def test_other_citys_article_answers_like_a_missing_one(serang, palangka_raya, role):
    client, _user = staff_client("staf_serang", serang, role)
    other = make_article(cities=[palangka_raya])
    missing_pk = other.pk + 1000

    for view in ("change", "delete", "history"):
        other_response = client.get(reverse(f"admin:articles_article_{view}", args=[other.pk]), follow=True)
        missing_response = client.get(reverse(f"admin:articles_article_{view}", args=[missing_pk]), follow=True)
        assert other_response.status_code == missing_response.status_code, view
        assert other_response.redirect_chain == missing_response.redirect_chain, view
        other_messages = [str(m) for m in other_response.context["messages"]] if other_response.context else []
        missing_messages = [str(m) for m in missing_response.context["messages"]] if missing_response.context else []
        assert other_messages == [m.replace(str(missing_pk), str(other.pk)) for m in missing_messages], view

    # Django's admin answers a missing object with a redirect to the index and a warning (a penulis has no
    # delete permission at all, so the delete view is a 403 for both).
    response = client.get(reverse("admin:articles_article_change", args=[other.pk]), follow=True)
    assert response.redirect_chain == [(reverse("admin:index"), 302)]
    assert DJANGO_MISSING_OBJECT in str(list(response.context["messages"])[0])

    # Posting to it changes nothing either.
    response = client.post(reverse("admin:articles_article_change", args=[other.pk]), article_data(palangka_raya))
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.headline != "Wali Kota Tinjau Banjir Rob di Kasemen"


@pytest.mark.django_db
def test_penulis_cannot_pick_another_city(serang, palangka_raya):
    client, _user = staff_client("penulis_serang", serang, Role.PENULIS)

    response = client.get(reverse("admin:articles_article_add"))
    assert list(response.context["adminform"].form.fields["city"].queryset) == [serang]
    assert response.context["adminform"].form.initial["city"] == serang.pk  # the only choice is pre-selected
    assert response.context["adminform"].form.initial["cities"] == [serang.pk]
    assert autocomplete(client, "city") == {"Kota Serang"}
    assert autocomplete(client, "cities") == {"Kota Serang", "Kota Palangka Raya"}  # may concern any city

    response = client.post(reverse("admin:articles_article_add"), article_data(palangka_raya))
    assert response.status_code == 200
    assert form_errors(response) == {"city": ["invalid_choice"]}
    assert "Masukkan pilihan yang valid" in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_penulis_creates_a_draft_and_is_stamped_as_author(serang):
    client, user = staff_client("penulis_serang", serang, Role.PENULIS)
    official = make_official()

    data = article_data(serang, status="published", published_at_0="2023-07-12", published_at_1="10:00:00")
    data.update(management("mentions", total=1))
    data.update({"mentions-0-official": str(official.pk), "mentions-0-order": "0"})
    response = client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    assert article.author == user
    assert list(Mention.objects.filter(article=article).values_list("official", flat=True)) == [official.pk]


@pytest.mark.django_db
def test_penulis_cannot_publish_an_existing_draft(serang):
    client, user = staff_client("penulis_serang", serang, Role.PENULIS)
    draft = make_article(cities=[serang], status=Article.Status.DRAFT, author=user)

    page = client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    assert "status" not in page.context["adminform"].form.fields
    assert "published_at" not in page.context["adminform"].form.fields

    data = article_data(serang, slug=draft.slug, headline="Judul Diperbaiki", status="published")
    data.update({"published_at_0": "2023-07-12", "published_at_1": "10:00:00", "version": draft.version})
    response = client.post(reverse("admin:articles_article_change", args=[draft.pk]), data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.headline == "Judul Diperbaiki"
    assert draft.status == Article.Status.DRAFT
    assert draft.published_at is None
    assert draft.author == user

    response = publish_now(client, draft)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert draft.published_at is None

    # A colleague's draft is read-only for a writer: posting to it is refused outright.
    colleague = make_article(cities=[serang], status=Article.Status.DRAFT, author=make_user(is_staff=True))
    data = article_data(serang, slug=colleague.slug, headline="Judul Orang Lain", version=colleague.version)
    response = client.post(reverse("admin:articles_article_change", args=[colleague.pk]), data)
    assert response.status_code == 403
    colleague.refresh_from_db()
    assert colleague.headline != "Judul Orang Lain"


@pytest.mark.django_db
def test_redaktur_publishes_in_their_city(serang):
    client, user = staff_client("redaktur_serang", serang, Role.REDAKTUR)

    response = client.post(reverse("admin:articles_article_add"), article_data(serang))
    assert response.status_code == 302
    article = Article.objects.get()
    response = client.post(
        reverse("admin:articles_article_transition", args=[article.pk, "schedule"]),
        {"version": article.version, "schedule-date": "2099-07-12", "schedule-time": "10:00"},
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M") == "2099-07-12 10:00"
    assert article.author == user


@pytest.mark.django_db
def test_redaktur_deletes_an_article_of_their_city_with_its_mentions(serang):
    client, _user = staff_client("redaktur_serang", serang, Role.REDAKTUR)
    article = make_article(cities=[serang], officials=[make_official()], tags=["banjir"])

    response = client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not Mention.objects.exists()


@pytest.mark.django_db
def test_editor_in_one_city_cannot_publish_in_a_city_where_they_write(serang, palangka_raya):
    create_staff("campuran", city=palangka_raya, role=Role.PENULIS, password=PASSWORD)
    client, _user = staff_client("campuran", serang, Role.REDAKTUR)  # logs in after the last password change

    # As a writer in Palangka Raya they may draft there; the posted status is ignored.
    response = client.post(reverse("admin:articles_article_add"), article_data(palangka_raya, status="published"))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT

    # Publishing it is refused (with an error message) and changes nothing.
    response = publish_now(client, article)
    assert response.status_code == 302
    assert [m.level_tag for m in get_messages(response.wsgi_request)][-1] == "error"
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Article.Status.DRAFT, None)


@pytest.mark.django_db
def test_staff_without_membership_sees_no_articles(serang):
    user = make_user(is_staff=True)
    user.groups.add(Group.objects.get(name=GROUP_NAMES[Role.PENULIS]))
    client = Client()
    client.force_login(user)
    make_article(cities=[serang])

    response = client.get(reverse("admin:articles_article_changelist"))

    assert response.status_code == 200
    assert changelist_objects(response) == []


@pytest.mark.django_db
def test_city_admin_changes_only_their_own_city(serang, palangka_raya):
    client, _user = staff_client("admin_serang", serang, Role.ADMIN)

    own = client.get(reverse("admin:cities_city_change", args=[serang.pk]))
    assert own.context["has_change_permission"] is True
    other = client.get(reverse("admin:cities_city_change", args=[palangka_raya.pk]))
    assert other.status_code == 200  # readable
    assert other.context["has_change_permission"] is False

    response = client.post(reverse("admin:cities_city_change", args=[palangka_raya.pk]), city_data())
    assert response.status_code == 403


@pytest.mark.django_db
def test_city_admin_manages_memberships_of_their_city(serang, palangka_raya):
    client, _admin = staff_client("admin_serang", serang, Role.ADMIN)
    staff_client("penulis_palangka", palangka_raya, Role.PENULIS)
    newcomer = make_user("baru", is_staff=True)

    response = client.get(reverse("admin:cities_membership_changelist"))
    assert {str(m.user) for m in changelist_objects(response)} == {"admin_serang"}

    response = client.post(
        reverse("admin:cities_membership_add"), {"user": newcomer.pk, "city": palangka_raya.pk, "role": "penulis"}
    )
    assert form_errors(response) == {"city": ["invalid_choice"]}

    response = client.post(
        reverse("admin:cities_membership_add"), {"user": newcomer.pk, "city": serang.pk, "role": "redaktur"}
    )
    assert response.status_code == 302
    assert set(newcomer.groups.values_list("name", flat=True)) == {GROUP_NAMES[Role.REDAKTUR]}

    membership = Membership.objects.get(user=newcomer)
    response = client.post(reverse("admin:cities_membership_delete", args=[membership.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not newcomer.groups.exists()
