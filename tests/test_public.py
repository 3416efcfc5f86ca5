"""The public site: what a reader sees, what stays hidden, and how many queries a page costs."""

import datetime
import io
import itertools
import re
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import loader
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error
from PIL import Image

from articles.models import Article, DailyViews, Mention
from cities.models import EventSpeaker, TimeZone
from tests.conftest import NOW

from .factories import make_article, make_city, make_event, make_official, make_position

UTC = datetime.UTC
BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def html(response) -> str:
    return response.content.decode()


def templates_used(response) -> set[str]:
    return {template.name for template in response.templates}


@pytest.fixture
def world(frozen):
    """One of everything, published and linked together."""
    city = make_city(name="Kota Makassar", short_name="Makassar", slug="makassar", time_zone=TimeZone.WITA)
    guest = make_city(name="Kota Serang", short_name="Serang", slug="serang")
    official = make_official(name="Danny Pomanto", slug="danny-pomanto")
    make_position(official, title="Wali Kota", city=city, starts_on=datetime.date(2021, 2, 26))
    event = make_event(
        name="Rakernas XVI APEKSI",
        slug="rakernas-xvi",
        host_city=city,
        starts_on=datetime.date(2023, 7, 10),
        ends_on=datetime.date(2023, 7, 14),
    )
    event.cities.set([guest])
    EventSpeaker.objects.create(event=event, official=official)
    article = make_article(
        headline="Makassar tuan rumah Rakernas",
        slug="makassar-tuan-rumah",
        city=city,
        cities=[city, guest],
        event=event,
        tags=["rakernas"],
        officials=[official],
        published_at=utc(2023, 7, 12, 2, 0),
    )
    return {"city": city, "guest": guest, "official": official, "event": event, "article": article}


def article_urls(world) -> dict[str, str]:
    """Every page that lists or shows the world's article."""
    return {
        "home": reverse("articles:home"),
        "article-list": reverse("articles:article-list"),
        "article-detail": world["article"].get_absolute_url(),
        "tag-detail": reverse("articles:tag-detail", kwargs={"slug": "rakernas"}),
        "city-detail": world["city"].get_absolute_url(),
        "guest-city-detail": world["guest"].get_absolute_url(),
        "event-detail": world["event"].get_absolute_url(),
        "official-detail": world["official"].get_absolute_url(),
    }


def public_urls(world) -> dict[str, str]:
    return {**article_urls(world), "city-list": reverse("cities:city-list"), "event-list": reverse("cities:event-list")}


# --- Every page shows its content -------------------------------------------------------------


@pytest.mark.django_db
def test_every_page_is_200_and_shows_the_published_article(client, world):
    for name, url in article_urls(world).items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert "Makassar tuan rumah Rakernas" in html(response), name


@pytest.mark.django_db
def test_every_page_has_one_h1_a_skip_link_and_landmarks(client, world):
    for name, url in public_urls(world).items():
        page = html(client.get(url))
        assert page.count("<h1") == 1, name
        assert 'href="#content"' in page and 'id="content"' in page, name
        assert "<header" in page and "<nav" in page and "<main" in page and "<footer" in page, name
        assert '<html lang="id">' in page, name


@pytest.mark.django_db
def test_pages_are_indonesian_first_and_use_the_template_names(client, world):
    response = client.get(reverse("articles:home"))
    assert "base.html" in templates_used(response)
    assert "includes/header.html" in templates_used(response)
    assert "articles/_article_card.html" in templates_used(response)
    assert 'action="/i18n/setlang/"' in html(response)


@pytest.mark.django_db
def test_language_switch_sets_english(client, world):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/berita/"})
    assert response.status_code == 302
    assert '<html lang="en">' in html(client.get("/berita/"))


@pytest.mark.django_db
def test_home_lists_cities_and_events(client, frozen):
    city = make_city(short_name="Palangka Raya", slug="palangka-raya")
    make_event(name="Rakor yang akan datang", starts_on=datetime.date(2024, 4, 2))
    make_event(name="Rakor yang sudah lewat", starts_on=datetime.date(2024, 1, 2))
    page = html(client.get(reverse("articles:home")))
    assert city.short_name in page
    assert "Rakor yang akan datang" in page
    assert "Rakor yang sudah lewat" in page


@pytest.mark.django_db
def test_article_page_shows_every_field(client, frozen):
    city = make_city(short_name="Serang", slug="serang", time_zone=TimeZone.WIB)
    article = make_article(
        headline="Pemkot Serang ikut Rakernas",
        subtitle="Wali Kota hadir di Makassar",
        lead="Pembukaan Rakernas XVI Apeksi telah resmi dibuka.",
        body='<p>Isi dengan <strong>huruf tebal</strong> dan <a href="https://apeksi.id/">tautan</a>.</p>',
        dateline="SERANG",
        byline="Humas Setda Kota Serang",
        source_line="Sumber: Setda Kota Serang",
        hero_caption="Wali Kota Serang di Rakernas.",
        hero_credit="Dok. Humas",
        view_count=1234,
        city=city,
        published_at=utc(2023, 7, 12, 3, 0),
        source_note="Sumber menulis 'Walikota'.",
    )
    page = html(client.get(article.get_absolute_url()))
    for text in (
        "Pemkot Serang ikut Rakernas",
        "Wali Kota hadir di Makassar",
        "Pembukaan Rakernas XVI Apeksi telah resmi dibuka.",
        "<strong>huruf tebal</strong>",  # the cleaned body is rendered as HTML
        "SERANG",
        "Humas Setda Kota Serang",
        "Sumber: Setda Kota Serang",
        "Wali Kota Serang di Rakernas.",  # caption without an image is shown as text
        "Dok. Humas",
        "1.234",  # view count, Indonesian grouping
        "Rabu, 12 Juli 2023, 10.00 WIB",
    ):
        assert text in page, text
    assert "<img" not in page
    assert "Sumber menulis" not in page  # the source note is for the editors


@pytest.mark.django_db
def test_article_page_shows_the_hero_image_with_alt_caption_and_credit(client):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "red").save(buffer, "PNG")
    article = make_article(
        hero_image=SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png"),
        hero_alt="Wali kota memukul gong",
        hero_caption="Pembukaan Rakernas.",
        hero_credit="Humas Makassar",
    )
    page = html(client.get(article.get_absolute_url()))
    # A rendition no wider than the original (8 px), WebP with a JPEG fallback.
    stem = article.hero_image.name.rsplit(".", 1)[0]
    assert f'src="/media/renditions/{stem}/8w.jpg"' in page
    assert f'srcset="/media/renditions/{stem}/8w.webp 8w"' in page
    assert 'width="8" height="6"' in page
    assert 'alt="Wali kota memukul gong"' in page
    assert "<figcaption>Pembukaan Rakernas." in page
    assert "Humas Makassar" in page


@pytest.mark.django_db
def test_a_lead_that_the_body_repeats_is_printed_once(client):
    lead = "Wakil Gubernur Kalimantan Tengah mendorong kerja sama antar daerah."
    article = make_article(lead=lead, body=f"<p>{lead}</p><p>Paragraf kedua.</p>", dateline="PALANGKA RAYA (ANTARA)")
    page = html(client.get(article.get_absolute_url()))
    main = page[page.index("<main") : page.index("</main>")]
    assert main.count(lead) == 1  # only the body; the head repeats it for search engines and share cards
    assert "PALANGKA RAYA (ANTARA)" in page


@pytest.mark.django_db
def test_view_count_is_hidden_when_zero(client):
    article = make_article(view_count=0)
    assert 'class="views"' not in html(client.get(article.get_absolute_url()))


@pytest.mark.django_db
def test_article_links_cities_event_officials_and_tags(client, world):
    page = html(client.get(world["article"].get_absolute_url()))
    assert world["city"].get_absolute_url() in page
    assert world["guest"].get_absolute_url() in page
    assert world["event"].get_absolute_url() in page
    assert world["official"].get_absolute_url() in page
    assert "Wali Kota Makassar" in page
    assert reverse("articles:tag-detail", kwargs={"slug": "rakernas"}) in page


@pytest.mark.django_db
def test_related_articles_are_published_ones_only(client, world, frozen):
    make_article(headline="Berita terkait terbit", event=world["event"], city=world["city"])
    make_article(headline="Berita terkait draf", event=world["event"], city=world["city"], status="draft")
    page = html(client.get(world["article"].get_absolute_url()))
    assert "Berita terkait terbit" in page
    assert "Berita terkait draf" not in page


# --- Dates in the desk city's zone ------------------------------------------------------------


@pytest.mark.django_db
def test_date_is_shown_in_the_desk_city_zone_with_its_label(client):
    # 16.30 UTC on Tuesday 11 July is 23.30 WIB the same day but 00.30 WITA on Wednesday 12 July.
    makassar = make_city(short_name="Makassar", slug="makassar", time_zone=TimeZone.WITA)
    jakarta = make_city(short_name="Jakarta", slug="jakarta", time_zone=TimeZone.WIB)
    instant = utc(2023, 7, 11, 16, 30)
    in_makassar = make_article(city=makassar, published_at=instant)
    in_jakarta = make_article(city=jakarta, published_at=instant)

    page = html(client.get(in_makassar.get_absolute_url()))
    assert "Rabu, 12 Juli 2023, 0.30 WITA" in page
    assert "Selasa, 11 Juli 2023" not in page
    assert 'datetime="2023-07-12T00:30+08:00"' in page

    page = html(client.get(in_jakarta.get_absolute_url()))
    assert "Selasa, 11 Juli 2023, 23.30 WIB" in page
    assert "Rabu, 12 Juli 2023" not in page

    # The list shows each article in its own desk's zone.
    page = html(client.get(reverse("articles:article-list")))
    assert "Rabu, 12 Juli 2023, 0.30 WITA" in page
    assert "Selasa, 11 Juli 2023, 23.30 WIB" in page


@pytest.mark.django_db
def test_wit_label_for_papua(client):
    jayapura = make_city(short_name="Jayapura", slug="jayapura", time_zone=TimeZone.WIT)
    article = make_article(city=jayapura, published_at=utc(2023, 7, 11, 16, 30))
    assert "Rabu, 12 Juli 2023, 1.30 WIT" in html(client.get(article.get_absolute_url()))


@pytest.mark.django_db
def test_date_only_when_the_time_of_day_is_unknown_with_inferred_marker(client):
    makassar = make_city(slug="makassar", time_zone=TimeZone.WITA)
    article = make_article(
        city=makassar,
        published_at=utc(2023, 7, 11, 16, 30),
        published_time_known=False,
        inferred_fields=["published_at"],
    )
    page = html(client.get(article.get_absolute_url()))
    assert '<time datetime="2023-07-12">Rabu, 12 Juli 2023</time> <span class="inferred">' in page
    assert "0.30" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("saved_after", "shown"), [(datetime.timedelta(seconds=30), False), (datetime.timedelta(hours=2), True)]
)
def test_updated_date_only_when_saved_more_than_a_minute_after_publication(client, saved_after, shown):
    published = utc(2023, 7, 12, 3, 0)  # 10.00 WIB
    with time_machine.travel(published + saved_after, tick=False):
        article = make_article(city=make_city(time_zone=TimeZone.WIB), published_at=published)
    page = html(client.get(article.get_absolute_url()))
    assert "Rabu, 12 Juli 2023, 10.00 WIB" in page
    assert ("Rabu, 12 Juli 2023, 12.00 WIB" in page) is shown


# --- Titles at the time -----------------------------------------------------------------------


@pytest.mark.django_db
def test_officials_are_named_with_the_title_held_on_the_article_date(client):
    serang = make_city(short_name="Serang", slug="serang")
    person = make_official(name="Syafrudin", honorific_prefix="H.", slug="syafrudin")
    make_position(
        person,
        title="Wakil Wali Kota",
        city=serang,
        starts_on=datetime.date(2013, 12, 10),
        ends_on=datetime.date(2018, 12, 9),
    )
    make_position(person, title="Wali Kota", city=serang, starts_on=datetime.date(2018, 12, 10))
    before = make_article(city=serang, officials=[person], published_at=utc(2017, 5, 3, 3, 0))
    after = make_article(city=serang, officials=[person], published_at=utc(2023, 7, 12, 3, 0))

    page = html(client.get(before.get_absolute_url()))
    assert "H. Syafrudin</a>, Wakil Wali Kota Serang" in page
    page = html(client.get(after.get_absolute_url()))
    assert "H. Syafrudin</a>, Wali Kota Serang" in page
    assert "Wakil Wali Kota" not in page

    # The official's page lists both positions and both articles.
    page = html(client.get(person.get_absolute_url()))
    assert "Wakil Wali Kota Serang" in page and "Wali Kota Serang" in page
    assert before.headline in page and after.headline in page


@pytest.mark.django_db
def test_the_position_named_in_a_mention_wins(client):
    person = make_official(slug="pj")
    city = make_city(short_name="Cimahi", slug="cimahi")
    make_position(person, title="Wali Kota", city=city, starts_on=datetime.date(2020, 1, 1))
    apeksi = make_position(person, title="Ketua Dewan Pengurus", organisation="APEKSI")
    article = make_article(city=city)
    Mention.objects.create(article=article, official=person, position=apeksi)
    assert "Ketua Dewan Pengurus" in html(client.get(article.get_absolute_url()))


@pytest.mark.django_db
def test_event_page_shows_details_speakers_with_their_titles_then_and_sub_events(client, frozen):
    host = make_city(name="Kota Makassar", short_name="Makassar", slug="makassar", time_zone=TimeZone.WITA)
    guest = make_city(name="Kota Bontang", short_name="Bontang", slug="bontang")
    speaker = make_official(name="Bima Arya", slug="bima-arya")
    make_position(speaker, title="Wali Kota", city=make_city(short_name="Bogor"), starts_on=datetime.date(2019, 4, 20))
    make_position(
        speaker, title="Wakil Menteri Dalam Negeri", organisation="Kemendagri", starts_on=datetime.date(2024, 10, 21)
    )
    event = make_event(
        name="Rakernas XVI APEKSI 2023",
        slug="rakernas-xvi",
        kind="rakernas",
        edition="XVI",
        organiser="APEKSI",
        host_city=host,
        venue="Upperhills Convention Center",
        starts_on=datetime.date(2023, 7, 10),
        ends_on=datetime.date(2023, 7, 14),
        theme="Kota Kita Maju, Indonesia Kita Kuat",
        description="Rapat kerja nasional ke-16.",
        inferred_fields=["venue"],
    )
    event.cities.set([guest])
    EventSpeaker.objects.create(event=event, official=speaker)
    child = make_event(name="Indonesia City Expo", parent=event, starts_on=datetime.date(2023, 7, 11))
    article = make_article(headline="Berita Rakernas", event=event, city=host)

    page = html(client.get(event.get_absolute_url()))
    for text in (
        "Rakernas XVI APEKSI 2023",
        "XVI",
        "APEKSI",
        "Upperhills Convention Center",
        "10–14 Juli 2023",
        "Kota Kita Maju, Indonesia Kita Kuat",
        "Rapat kerja nasional ke-16.",
        "Kota Makassar",
        "Bontang",
        "Wali Kota Bogor",
        "Indonesia City Expo",
        "Berita Rakernas",
        'class="inferred"',
    ):
        assert text in page, text
    assert "Wakil Menteri" not in page
    assert article.get_absolute_url() in page
    # The sub-event links back to its parent.
    assert event.get_absolute_url() in html(client.get(child.get_absolute_url()))


@pytest.mark.django_db
def test_event_list_has_upcoming_past_and_planned_events(client, frozen):
    make_event(name="Rakor masa depan", starts_on=datetime.date(2024, 5, 1))
    make_event(name="Rakerwil berlangsung", starts_on=datetime.date(2024, 2, 28), ends_on=datetime.date(2024, 3, 2))
    make_event(name="Munas lampau", starts_on=datetime.date(2022, 5, 1))
    make_event(name="Munas direncanakan", starts_on=None, date_note="pertengahan 2026")
    response = client.get(reverse("cities:event-list"))
    page = html(response)
    upcoming, past = response.context["upcoming"], response.context["page_obj"]
    assert [e.name for e in response.context["today_events"]] == ["Rakerwil berlangsung"]
    assert [e.name for e in upcoming] == ["Rakor masa depan"]
    assert [e.name for e in past] == ["Munas lampau"]
    assert [e.name for e in response.context["undated"]] == ["Munas direncanakan"]
    assert "pertengahan 2026" in page
    assert "Rabu, 1 Mei 2024" in page
    assert "28 Februari – 2 Maret 2024" in page


@pytest.mark.django_db
def test_city_page_shows_profile_current_officials_articles_and_events(client, frozen):
    city = make_city(
        name="Kota Palangka Raya",
        short_name="Palangka Raya",
        slug="palangka-raya",
        province="Kalimantan Tengah",
        time_zone=TimeZone.WIB,
        kecamatan_count=5,
        kelurahan_count=30,
        apeksi_commissariat="Komisariat Wilayah V (Regional Kalimantan)",
    )
    other = make_city(short_name="Banjarmasin", slug="banjarmasin")
    mayor = make_official(name="Fairid Naparin", slug="fairid")
    make_position(mayor, title="Wali Kota", city=city, starts_on=datetime.date(2018, 5, 1))
    former = make_official(name="Riban Satia", slug="riban")
    make_position(
        former, title="Wali Kota", city=city, starts_on=datetime.date(2013, 1, 1), ends_on=datetime.date(2018, 4, 30)
    )
    desk = make_article(headline="Dari meja humas sendiri", city=city, cities=[city, other])
    concerning = make_article(headline="Ditulis kota lain tentang kota ini", city=other, cities=[other, city])
    make_article(headline="Tidak ada hubungan", city=other)
    make_event(name="Rakerwil Kalimantan", host_city=city)
    joined = make_event(name="Rakernas diikuti", host_city=other)
    joined.cities.set([city])

    response = client.get(city.get_absolute_url())
    page = html(response)
    for text in ("Kalimantan Tengah", "WIB", "Komisariat Wilayah V (Regional Kalimantan)", ">5<", ">30<"):
        assert text in page, text
    assert "Fairid Naparin" in page and "Riban Satia" not in page
    assert [a.headline for a in response.context["page_obj"]] == [desk.headline, concerning.headline]
    assert page.count(desk.headline) == 1  # in both the desk city and the cities concerned: shown once
    assert "Tidak ada hubungan" not in page
    assert "Rakerwil Kalimantan" in page and "Rakernas diikuti" in page


@pytest.mark.django_db
def test_city_list_lists_cities(client):
    make_city(name="Kota Bontang", short_name="Bontang", slug="bontang", province="Kalimantan Timur")
    response = client.get(reverse("cities:city-list"))
    assert response.status_code == 200
    assert "Kota Bontang" in html(response) and "Kalimantan Timur" in html(response)


@pytest.mark.django_db
def test_tag_page_lists_its_published_articles_newest_first(client, frozen):
    older = make_article(headline="Lebih lama", tags=["smart-city"], published_at=utc(2023, 1, 1))
    newer = make_article(headline="Lebih baru", tags=["smart-city"], published_at=utc(2023, 6, 1))
    make_article(headline="Topik lain", tags=["banjir"])
    response = client.get(reverse("articles:tag-detail", kwargs={"slug": "smart-city"}))
    assert [a.pk for a in response.context["page_obj"]] == [newer.pk, older.pk]
    assert "Topik lain" not in html(response)


# --- The publish rule: a truth table with a frozen clock ----------------------------------------

PAST, FUTURE = -datetime.timedelta(minutes=1), datetime.timedelta(minutes=1)
# Every status × a past time, a future time and (when allowed) no time: only Published + past is public.
OFFSET_NAMES = {PAST: "past", FUTURE: "future", None: "no-time", datetime.timedelta(0): "this-instant"}
PUBLISH_CASES = [
    pytest.param(
        status,
        offset,
        status == Article.Status.PUBLISHED and offset in (PAST, datetime.timedelta(0)),
        id=f"{status}-{OFFSET_NAMES[offset]}",
    )
    for status in Article.Status.values
    for offset in (PAST, datetime.timedelta(0), FUTURE, None)
    if not (status == Article.Status.PUBLISHED and offset is None)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "offset", "visible"), PUBLISH_CASES)
def test_only_published_past_articles_are_public(client, world, status, offset, visible):
    fields = {"status": status, "published_at": NOW + offset if offset is not None else None}
    candidate = make_article(
        headline="Artikel yang diuji",
        slug="artikel-yang-diuji",
        city=world["city"],
        cities=[world["city"], world["guest"]],
        event=world["event"],
        tags=["rakernas"],
        officials=[world["official"]],
        **fields,
    )
    response = client.get(candidate.get_absolute_url())
    assert response.status_code == (200 if visible else 404)
    if not visible:
        assert "404.html" in templates_used(response)
    for name, url in article_urls(world).items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert ("Artikel yang diuji" in html(response)) is visible, name


@pytest.mark.django_db
def test_a_scheduled_article_appears_at_its_minute(client, frozen):
    article = make_article(headline="Terjadwal", published_at=NOW + datetime.timedelta(minutes=5))
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Terjadwal" not in html(client.get(reverse("articles:home")))
    frozen.shift(datetime.timedelta(minutes=5))
    assert client.get(article.get_absolute_url()).status_code == 200
    assert "Terjadwal" in html(client.get(reverse("articles:home")))


@pytest.mark.django_db
def test_a_tag_used_only_by_drafts_is_a_404(client):
    make_article(tags=["embargo"], status=Article.Status.DRAFT)
    response = client.get(reverse("articles:tag-detail", kwargs={"slug": "embargo"}))
    assert response.status_code == 404


# --- Not found, server error, pagination -------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/berita/tidak-ada/", "/kota/tidak-ada/", "/agenda/tidak-ada/", "/tokoh/tidak-ada/", "/topik/tidak-ada/", "/x/"],
)
def test_unknown_slugs_are_404_with_the_site_template(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "404.html" in templates_used(response)
    assert "base.html" in templates_used(response)


def test_500_page_renders_without_a_request_context():
    page = loader.get_template("500.html").render()
    assert "<h1" in page and "<main" in page
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"<h1" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "99999", "0", "-1", ""])
def test_bad_page_numbers_never_fail(client, world, page):
    make_event(name="Lampau", starts_on=datetime.date(2020, 1, 1))
    for name, url in public_urls(world).items():
        assert client.get(url, {"page": page, "agenda": page}).status_code == 200, name


@pytest.mark.django_db
def test_pagination_walks_through_all_articles(client, frozen):
    headlines = {make_article().headline for _ in range(15)}
    seen = set()
    for number in (1, 2):
        response = client.get(reverse("articles:article-list"), {"page": number})
        seen |= {a.headline for a in response.context["page_obj"]}
    assert seen == headlines
    assert 'href="?page=2"' in html(client.get(reverse("articles:article-list")))


@pytest.mark.django_db
def test_city_page_paginates_events_without_losing_the_article_page(client, frozen):
    city = make_city(slug="kota-banyak-agenda")
    for _ in range(25):
        make_event(host_city=city)
    page = html(client.get(city.get_absolute_url(), {"page": "1"}))
    assert 'href="?page=1&amp;agenda=2"' in page


# --- Query counts do not grow with the number of items -----------------------------------------


def _officials_with_history(n, city):
    officials = []
    for i in range(n):
        official = make_official()
        make_position(
            official, title="Camat", city=city, starts_on=datetime.date(2010, 1, 1), ends_on=datetime.date(2015, 1, 1)
        )
        make_position(official, title="Wali Kota", city=city, starts_on=datetime.date(2015, 1, 2 + i % 20))
        officials.append(official)
    return officials


def build_home(n):
    for i in range(n):
        city = make_city()
        event = make_event(host_city=city, starts_on=datetime.date(2024, 4, 1) + datetime.timedelta(days=i))
        make_event(host_city=city, parent=event, starts_on=datetime.date(2023, 4, 1) + datetime.timedelta(days=i))
        make_article(city=city, event=event, tags=[f"t{i}", "umum"])
    return reverse("articles:home")


def build_article_list(n):
    event = make_event()
    for i in range(n):
        make_article(event=event, dateline_city=make_city(), tags=[f"t{i}", "umum"])
    return reverse("articles:article-list")


def build_tag_detail(n):
    for i in range(n):
        make_article(tags=["umum", f"t{i}"])
    return reverse("articles:tag-detail", kwargs={"slug": "umum"})


def build_article_detail(n):
    city = make_city()
    event = make_event(host_city=city)
    cities = [city, *(make_city() for _ in range(n))]
    tags = [f"t{i}" for i in range(n)]
    for _ in range(n):
        make_article(city=city, event=event, tags=tags[:2])
    article = make_article(city=city, cities=cities, event=event, tags=tags, officials=_officials_with_history(n, city))
    return article.get_absolute_url()


def build_city_list(n):
    for _ in range(n):
        make_city()
    return reverse("cities:city-list")


def build_city_detail(n):
    city = make_city()
    _officials_with_history(n, city)
    for i in range(n):
        other = make_city()
        make_article(city=other, cities=[other, city], tags=[f"t{i}"])
        make_article(city=city, cities=[city, other])
        make_event(host_city=city, parent=make_event(host_city=other))
    return city.get_absolute_url()


def build_event_list(n):
    for i in range(n):
        city = make_city()
        parent = make_event(host_city=city, starts_on=datetime.date(2024, 6, 1) + datetime.timedelta(days=i))
        make_event(host_city=city, parent=parent, starts_on=datetime.date(2022, 6, 1) + datetime.timedelta(days=i))
        make_event(host_city=city, parent=parent, starts_on=None, date_note="2026")
    return reverse("cities:event-list")


def build_event_detail(n):
    city = make_city()
    event = make_event(host_city=city, parent=make_event())
    event.cities.set([make_city() for _ in range(n)])
    for order, official in enumerate(_officials_with_history(n, city)):
        EventSpeaker.objects.create(event=event, official=official, order=order)
    for _ in range(n):
        make_event(parent=event, host_city=make_city())
        make_article(event=event, tags=["umum"])
    return event.get_absolute_url()


def build_official_detail(n):
    official = make_official()
    for i in range(n):
        city = make_city()
        make_position(official, title="Wali Kota", city=city, starts_on=datetime.date(2000 + i, 1, 1))
        make_article(city=city, officials=[official], event=make_event(host_city=city), tags=["umum"])
    return official.get_absolute_url()


def build_search(n):
    city = make_city(slug="kota-cari")
    for i in range(n):
        make_article(city=city, headline=f"Pelayanan publik {i}", tags=["umum", f"t{i}"], event=make_event())
    return reverse("articles:search") + "?q=pelayanan&kota=kota-cari"


def build_archive_month(n):
    for i in range(n):
        make_article(published_at=utc(2023, 7, 2 + i % 20, 3, 0), tags=["umum"], event=make_event())
    return reverse("articles:archive-month", kwargs={"year": "2023", "month": "07"})


def build_archive_year(n):
    for i in range(n):
        make_article(published_at=utc(2023, 1 + i % 12, 5, 3, 0), tags=["umum"], event=make_event())
    return reverse("articles:archive-year", kwargs={"year": "2023"})


def build_city_agenda(n):
    city = make_city()
    for i in range(n):
        make_event(host_city=city, starts_on=datetime.date(2024, 3, 1))
        make_event(host_city=make_city(), starts_on=datetime.date(2024, 4, 1) + datetime.timedelta(days=i)).cities.set(
            [city]
        )
        make_event(host_city=city, parent=make_event(), starts_on=datetime.date(2023, 4, 1))
    return reverse("cities:city-agenda", kwargs={"slug": city.slug})


def build_rss(n):
    for i in range(n):
        make_article(event=make_event(), tags=[f"t{i}", "umum"], byline=f"Penulis {i}")
    return reverse("articles:feed-rss")


def build_city_ics(n):
    city = make_city()
    for i in range(n):
        make_event(host_city=city, starts_on=datetime.date(2024, 3, 1) + datetime.timedelta(days=i))
    return reverse("cities:city-ics", kwargs={"slug": city.slug})


def build_sitemap_articles(n):
    for i in range(n):
        make_article(tags=[f"t{i}"])
    return reverse("articles:sitemap-section", kwargs={"section": "articles"})


def build_sitemap_index(n):
    for i in range(n):
        make_article(tags=[f"t{i}"], event=make_event())
    return reverse("articles:sitemap-index")


# The budget per page: the same fixed number for 3 items and for 15.
QUERY_BUDGETS = {
    build_home: 6,  # + the week's most read
    build_article_list: 4,  # + the archive's years
    build_tag_detail: 4,
    build_article_detail: 9,
    build_city_list: 2,
    build_city_detail: 8,  # + the city's most read
    build_event_list: 5,  # + today's events
    build_event_detail: 9,
    build_official_detail: 5,
    build_search: 6,  # 5 on SQLite; PostgreSQL adds the highlighted snippets
    build_archive_month: 3,
    build_archive_year: 4,
    build_city_agenda: 6,
    build_rss: 2,
    build_city_ics: 2,
    build_sitemap_articles: 2,
    build_sitemap_index: 7,
}


@pytest.mark.django_db
@pytest.mark.parametrize("n", [3, 15])
@pytest.mark.parametrize("build", list(QUERY_BUDGETS), ids=lambda build: build.__name__.removeprefix("build_"))
def test_query_count_does_not_grow_with_the_items_shown(client, frozen, django_assert_max_num_queries, build, n):
    url = build(n)
    with django_assert_max_num_queries(QUERY_BUDGETS[build]):
        response = client.get(url, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200


# --- Nothing unpublished leaks: every public URL, a draft and a scheduled article -----------------

DRAFT_HEADLINE = "Rahasia draf Zamrud kolaborasi"
SCHEDULED_HEADLINE = "Embargo terjadwal Safir kolaborasi"


@pytest.fixture
def leaky_world(world):
    """The world, plus a draft and a scheduled article linked to everything the published one is."""
    article, city, event, official = world["article"], world["city"], world["event"], world["official"]
    Article.objects.filter(pk=article.pk).update(
        published_at=NOW - datetime.timedelta(hours=1), body="<p>Kolaborasi antarkota.</p>"
    )
    article.refresh_from_db()
    hidden = [
        make_article(
            headline=headline,
            slug=slug,
            lead="Kolaborasi antarkota yang belum boleh terbit.",
            body="<p>Kolaborasi antarkota.</p>",
            city=city,
            cities=[city, world["guest"]],
            event=event,
            tags=["rakernas", f"khusus-{slug}"],
            officials=[official],
            **fields,
        )
        for headline, slug, fields in (
            (DRAFT_HEADLINE, "rahasia-draf", {"status": Article.Status.DRAFT, "published_at": NOW - HOUR}),
            (SCHEDULED_HEADLINE, "embargo-terjadwal", {"published_at": NOW + HOUR}),
        )
    ]
    article.pinned_related.set(hidden)
    for other in hidden:
        DailyViews.objects.create(article=other, day=NOW.date(), views=10_000)
    DailyViews.objects.create(article=article, day=NOW.date(), views=5)
    return {**world, "hidden": hidden}


HOUR = datetime.timedelta(hours=1)


def every_public_url(world) -> dict[str, str]:
    city, event, official = world["city"], world["event"], world["official"]
    return {
        **public_urls(world),
        "search": reverse("articles:search") + "?q=kolaborasi",
        "search-filtered": reverse("articles:search") + f"?q=kolaborasi&kota={city.slug}&acara={event.slug}",
        "search-filters-only": reverse("articles:search") + f"?kota={city.slug}",
        "archive-year": reverse("articles:archive-year", kwargs={"year": "2024"}),
        "archive-month": reverse("articles:archive-month", kwargs={"year": "2024", "month": "03"}),
        "city-archive": reverse("articles:city-archive", kwargs={"city_slug": city.slug}),
        "city-archive-month": reverse(
            "articles:city-archive-month", kwargs={"city_slug": city.slug, "year": "2024", "month": "03"}
        ),
        "city-agenda": reverse("cities:city-agenda", kwargs={"slug": city.slug}),
        "city-ics": reverse("cities:city-ics", kwargs={"slug": city.slug}),
        "event-ics": reverse("cities:event-ics", kwargs={"slug": event.slug}),
        "agenda-ics": reverse("cities:agenda-ics"),
        "rss": reverse("articles:feed-rss"),
        "atom": reverse("articles:feed-atom"),
        "city-rss": reverse("articles:city-feed-rss", kwargs={"slug": city.slug}),
        "city-atom": reverse("articles:city-feed-atom", kwargs={"slug": city.slug}),
        "event-rss": reverse("articles:event-feed-rss", kwargs={"slug": event.slug}),
        "tag-rss": reverse("articles:tag-feed-rss", kwargs={"slug": "rakernas"}),
        "tag-atom": reverse("articles:tag-feed-atom", kwargs={"slug": "rakernas"}),
        "official-rss": reverse("articles:official-feed-rss", kwargs={"slug": official.slug}),
        "sitemap-index": reverse("articles:sitemap-index"),
        **{
            f"sitemap-{section}": reverse("articles:sitemap-section", kwargs={"section": section})
            for section in ("pages", "articles", "news", "cities", "events", "officials", "tags")
        },
        "robots": reverse("articles:robots-txt"),
    }


LEAK_URL_NAMES = [
    *("home", "article-list", "article-detail", "tag-detail", "city-detail", "guest-city-detail"),
    *("event-detail", "official-detail", "city-list", "event-list"),
    *("search", "search-filtered", "search-filters-only", "archive-year", "archive-month"),
    *("city-archive", "city-archive-month", "city-agenda", "city-ics", "event-ics", "agenda-ics"),
    *("rss", "atom", "city-rss", "city-atom", "event-rss", "tag-rss", "tag-atom", "official-rss"),
    *("sitemap-index", "sitemap-pages", "sitemap-articles", "sitemap-news", "sitemap-cities"),
    *("sitemap-events", "sitemap-officials", "sitemap-tags", "robots"),
]


@pytest.mark.django_db
def test_the_leak_test_walks_every_public_url(leaky_world):
    assert sorted(LEAK_URL_NAMES) == sorted(every_public_url(leaky_world))


@pytest.mark.django_db
@pytest.mark.parametrize("name", LEAK_URL_NAMES)
def test_drafts_and_scheduled_articles_never_appear(client, leaky_world, name):
    url = every_public_url(leaky_world)[name]
    response = client.get(url, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200, url
    content = response.content.decode()
    for hidden in leaky_world["hidden"]:
        assert hidden.headline not in content, (name, hidden.headline)
        assert hidden.slug not in content, (name, hidden.slug)
    assert "khusus-" not in content  # tags that only the hidden articles carry


@pytest.mark.django_db
def test_hidden_articles_their_feeds_and_their_tags_are_404(client, leaky_world):
    for hidden in leaky_world["hidden"]:
        assert client.get(hidden.get_absolute_url()).status_code == 404
        tag = f"khusus-{hidden.slug}"
        assert client.get(reverse("articles:tag-detail", kwargs={"slug": tag})).status_code == 404
        assert client.get(reverse("articles:tag-feed-rss", kwargs={"slug": tag})).status_code == 404


@pytest.mark.django_db
def test_the_published_article_is_where_readers_look(client, leaky_world):
    headline = leaky_world["article"].headline
    names = ["home", "search", "archive-month", "city-archive-month", "rss", "city-atom", "tag-rss", "official-rss"]
    urls = every_public_url(leaky_world)
    for name in names:
        assert headline in client.get(urls[name], HTTP_USER_AGENT=BROWSER).content.decode(), name
    assert leaky_world["article"].slug in client.get(urls["sitemap-news"]).content.decode()


# --- Bad input: a helpful page or a 404, never a 500 ---------------------------------------------

BAD_REQUESTS = [
    ("/berita/2023/13/", 404),
    ("/berita/2023/00/", 404),
    ("/berita/2023/7/", 404),
    ("/berita/1899/", 404),
    ("/berita/2019/", 404),  # no articles that year
    ("/kota/tidak-ada/berita/2024/", 404),
    ("/kota/tidak-ada/berita/", 404),
    ("/kota/tidak-ada/agenda/", 404),
    ("/kota/tidak-ada/agenda.ics", 404),
    ("/agenda/tidak-ada.ics", 404),
    ("/agenda.ics?x=1", 404),
    ("/rss/?p=abc", 404),
    ("/atom/?page=2", 404),
    ("/rss/?utm_source=wa", 200),
    ("/kota/tidak-ada/rss/", 404),
    ("/agenda/tidak-ada/atom/", 404),
    ("/topik/tidak-ada/rss/", 404),
    ("/tokoh/tidak-ada/rss/", 404),
    ("/sitemap-articles.xml?p=abc", 404),
    ("/sitemap-articles.xml?p=0", 404),
    ("/sitemap-articles.xml?p=99999", 404),
    ("/sitemap-articles.xml?p=%00", 404),
    ("/sitemap-tidak-ada.xml", 404),
    ("/berita/?page=abc", 200),
    ("/berita/?page=99999", 200),
    ("/cari/?page=abc&q=rakernas", 200),
    ("/cari/?page=99999&q=rakernas", 200),
    ("/cari/?q=%00%01%02", 200),
    ("/cari/?q=%ff%fe%fd", 200),
    ("/cari/?q=" + "rakernas%20" * 2000, 200),
    ("/cari/?q=%22%22%22&kota=%00&acara=..%2F&dari=2023-02-31&sampai=9999-12-31", 200),
    ("/cari/?q=!!!+---+%26%26", 200),
    ("/cari/?dari=0001-01-01&sampai=0001-01-02", 200),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "status"), BAD_REQUESTS)
def test_bad_input_is_a_404_or_a_helpful_page(client, world, url, status):
    response = client.get(url, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == status, url
    if status == 404 and response.get("Content-Type", "").startswith("text/html"):
        assert "404.html" in templates_used(response)


# --- Page weight ----------------------------------------------------------------------------------

PAGE_WEIGHT_LIMIT = 100_000


def page_weight(client, url) -> dict[str, int]:
    """Bytes of the HTML and of every stylesheet and script it loads from /static/ (images excluded)."""
    from django.contrib.staticfiles import finders

    page = html(client.get(url, HTTP_USER_AGENT=BROWSER))
    sizes = {"html": len(page.encode())}
    for asset in re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', page):
        path = finders.find(asset)
        assert path, asset
        sizes[asset] = Path(path).stat().st_size
    assert "http://" not in "".join(re.findall(r"<(?:script|link)[^>]+>", page)).replace("http://testserver", "")
    return sizes


@pytest.mark.django_db
def test_an_article_page_weighs_under_100_kb_before_images(client, leaky_world):
    body = "".join(f"<p>{SOURCE_PARAGRAPH} {i}</p>" for i in range(12))  # about 5 KB, like the demo articles
    Article.objects.filter(pk=leaky_world["article"].pk).update(body=body, lead=SOURCE_PARAGRAPH)
    sizes = page_weight(client, leaky_world["article"].get_absolute_url())
    assert "css/site.css" in sizes and "js/share.js" in sizes
    assert sum(sizes.values()) < PAGE_WEIGHT_LIMIT, sizes


SOURCE_PARAGRAPH = (
    "Pemerintah Kota Serang mengikuti Rapat Kerja Nasional (Rakernas) XVI Asosiasi Pemerintah Kota Seluruh "
    "Indonesia (APEKSI) di Makassar, membahas tata kelola pemerintahan yang baik dan pelayanan publik."
)


@pytest.mark.django_db
def test_new_pages_have_one_h1_a_skip_link_landmarks_and_ordered_headings(client, leaky_world):
    for name, url in every_public_url(leaky_world).items():
        response = client.get(url, HTTP_USER_AGENT=BROWSER)
        if not response["Content-Type"].startswith("text/html"):
            continue
        page = html(response)
        assert page.count("<h1") == 1, name
        assert page.index('class="skip-link"') < page.index("<header"), name
        assert 'id="content" tabindex="-1"' in page, name
        assert "<main" in page and "<footer" in page and "<nav" in page, name
        levels = [int(level) for level in re.findall(r"<h([1-6])", page)]
        assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels)), (name, levels)
