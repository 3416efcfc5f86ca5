"""The article page: every field, the hero image, dates in the desk city's zone with its label, and officials
named with the title they held on the article's date."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from articles.models import Mention
from cities.models import TimeZone
from tests.factories import html, image_upload, make_article, make_city, make_official, make_position, utc


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
    article = make_article(
        hero_image=image_upload("PNG", size=(8, 6), color="red"),
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
    assert reverse("public:tag-detail", kwargs={"slug": "rakernas"}) in page


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
    page = html(client.get(reverse("public:article-list")))
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
    # No time of day for the publication (the page may show other times, e.g. when it was last updated).
    assert "12 Juli 2023, 0.30" not in page


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
def test_a_body_stored_without_save_is_cleaned_on_the_page(client, frozen):
    """Fixtures, data migrations and SQL bypass save(); the page cleans the body again on the way out."""
    from articles.models import Article
    from tests.factories import make_article

    article = make_article(headline="Dimuat tanpa save")
    Article.objects.filter(pk=article.pk).update(body='<p>Isi.</p><script>alert("loaddata")</script>')
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<p>Isi.</p>" in page and 'alert("loaddata")' not in page
