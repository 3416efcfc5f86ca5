"""The public pages: each shows its content with one h1, a skip link and landmarks, in Indonesian first; the
home, city, event, tag and list pages show what they promise; and a page weighs under 100 kB before images."""

import datetime
import itertools
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from articles.models import Article
from cities.models import EventSpeaker, TimeZone
from tests.factories import (
    BROWSER,
    html,
    make_article,
    make_city,
    make_event,
    make_official,
    make_position,
    templates_used,
    utc,
)

PAGE_WEIGHT_LIMIT = 100_000
SOURCE_PARAGRAPH = (
    "Pemerintah Kota Serang mengikuti Rapat Kerja Nasional (Rakernas) XVI Asosiasi Pemerintah Kota Seluruh "
    "Indonesia (APEKSI) di Makassar, membahas tata kelola pemerintahan yang baik dan pelayanan publik."
)


# --- Every page shows its content -------------------------------------------------------------


@pytest.mark.django_db
def test_every_page_is_200_and_shows_the_published_article(client, article_urls):
    for name, url in article_urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert "Makassar tuan rumah Rakernas" in html(response), name


@pytest.mark.django_db
def test_every_page_has_one_h1_a_skip_link_and_landmarks(client, public_urls):
    for name, url in public_urls.items():
        page = html(client.get(url))
        assert page.count("<h1") == 1, name
        assert 'href="#content"' in page and 'id="content"' in page, name
        assert "<header" in page and "<nav" in page and "<main" in page and "<footer" in page, name
        assert '<html lang="id">' in page, name


@pytest.mark.django_db
def test_pages_are_indonesian_first_and_use_the_template_names(client, world):
    response = client.get(reverse("public:home"))
    assert "base.html" in templates_used(response)
    assert "includes/_header.html" in templates_used(response)
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
    page = html(client.get(reverse("public:home")))
    assert city.short_name in page
    assert "Rakor yang akan datang" in page
    assert "Rakor yang sudah lewat" in page


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
    response = client.get(reverse("public:event-list"))
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
    response = client.get(reverse("public:city-list"))
    assert response.status_code == 200
    assert "Kota Bontang" in html(response) and "Kalimantan Timur" in html(response)


@pytest.mark.django_db
def test_tag_page_lists_its_published_articles_newest_first(client, frozen):
    older = make_article(headline="Lebih lama", tags=["smart-city"], published_at=utc(2023, 1, 1))
    newer = make_article(headline="Lebih baru", tags=["smart-city"], published_at=utc(2023, 6, 1))
    make_article(headline="Topik lain", tags=["banjir"])
    response = client.get(reverse("public:tag-detail", kwargs={"slug": "smart-city"}))
    assert [a.pk for a in response.context["page_obj"]] == [newer.pk, older.pk]
    assert "Topik lain" not in html(response)


# --- Page weight and structure ----------------------------------------------------------------------------------


def page_weight(client, url) -> dict[str, int]:
    """Bytes of the HTML and of every stylesheet and script it loads from /static/ (images excluded)."""
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


@pytest.mark.django_db
def test_new_pages_have_one_h1_a_skip_link_landmarks_and_ordered_headings(client, every_public_url):
    not_pages = []
    for name, url in every_public_url.items():
        response = client.get(url, HTTP_USER_AGENT=BROWSER)
        if not response["Content-Type"].startswith("text/html"):
            not_pages.append(name)
            continue
        page = html(response)
        assert page.count("<h1") == 1, name
        assert page.index('class="skip-link"') < page.index("<header"), name
        assert 'id="content" tabindex="-1"' in page, name
        assert "<main" in page and "<footer" in page and "<nav" in page, name
        levels = [int(level) for level in re.findall(r"<h([1-6])", page)]
        assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels)), (name, levels)
    # Only feeds, calendars, sitemaps and robots.txt are not HTML pages: every other URL was checked above.
    assert all(name.endswith(("rss", "atom", "ics", "robots")) or name.startswith("sitemap") for name in not_pages)
