"""RSS and Atom feeds: they parse, carry only published articles, and describe each one fully."""

import calendar
import datetime

import feedparser
import pytest
import time_machine
from django.core.files.storage import default_storage
from django.urls import reverse

from articles.models import Article
from cities.models import TimeZone
from tests.factories import NOW, image_upload, make_article, make_city, make_event, make_official


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


def as_utc(parsed) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(calendar.timegm(parsed), tz=datetime.UTC)


@pytest.fixture
def news(frozen):
    city = make_city(name="Kota Makassar", short_name="Makassar", slug="makassar", time_zone=TimeZone.WITA)
    guest = make_city(name="Kota Serang", short_name="Serang", slug="serang")
    event = make_event(name="Rakernas XVI", slug="rakernas-xvi", host_city=city)
    official = make_official(name="Danny Pomanto", slug="danny")
    with time_machine.travel(NOW - datetime.timedelta(hours=1), tick=False):
        full = make_article(
            headline="Rakernas resmi dibuka",
            lead="Ratusan wali kota hadir.",
            byline="Humas Makassar",
            city=city,
            cities=[city, guest],
            event=event,
            officials=[official],
            tags=["rakernas", "apeksi"],
            hero_image=image_upload(size=(1600, 900)),
            hero_alt="Pembukaan",
            published_at=NOW - datetime.timedelta(hours=3),
        )
    plain = make_article(headline="Kabar Serang", city=guest, published_at=NOW - datetime.timedelta(days=1))
    make_article(headline="Draf rahasia", city=city, event=event, tags=["rakernas"], status=Article.Status.DRAFT)
    make_article(
        headline="Embargo", city=city, event=event, tags=["rakernas"], published_at=NOW + datetime.timedelta(hours=1)
    )
    return {"city": city, "guest": guest, "event": event, "official": official, "full": full, "plain": plain}


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["public:feed-rss", "public:feed-atom"])
def test_the_main_feeds_list_published_articles_newest_first(client, news, name):
    response, feed = parse(client, reverse(name))
    assert [entry.title for entry in feed.entries] == ["Rakernas resmi dibuka", "Kabar Serang"]
    if name.endswith("rss"):
        assert feed.feed.language == "id"
    expected_type = "application/rss+xml" if name.endswith("rss") else "application/atom+xml"
    assert response["Content-Type"].startswith(expected_type)
    assert "Draf rahasia" not in response.content.decode() and "Embargo" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["public:feed-rss", "public:feed-atom"])
def test_an_item_has_link_author_categories_dates_and_its_image(client, news, name):
    _, feed = parse(client, reverse(name))
    entry = feed.entries[0]
    full = news["full"]
    assert entry.link == "http://testserver" + full.get_absolute_url()
    assert entry.author == "Humas Makassar"
    assert {tag.term for tag in entry.tags} == {"rakernas", "apeksi", "Kota Makassar", "Rakernas XVI"}
    assert as_utc(entry.published_parsed) == full.published_at
    if name.endswith("atom"):
        assert as_utc(entry.updated_parsed) == full.updated_at
    (enclosure,) = [link for link in entry.links if link.rel == "enclosure"]
    assert enclosure.type == "image/jpeg"
    assert enclosure.href.startswith("http://testserver/media/renditions/")
    name_in_storage = enclosure.href.removeprefix("http://testserver/media/")
    assert int(enclosure.length) == default_storage.size(name_in_storage) > 0
    # The article without an image has no enclosure; without a byline, the desk city is the author.
    plain = feed.entries[1]
    assert not [link for link in plain.links if link.rel == "enclosure"]
    assert plain.author == "Kota Serang"


@pytest.mark.django_db
def test_feeds_per_city_event_tag_and_official(client, news):
    city, guest, event, official = news["city"], news["guest"], news["event"], news["official"]
    cases = {
        reverse("public:city-feed-rss", kwargs={"slug": city.slug}): ["Rakernas resmi dibuka"],
        reverse("public:city-feed-atom", kwargs={"slug": guest.slug}): ["Rakernas resmi dibuka", "Kabar Serang"],
        reverse("public:event-feed-rss", kwargs={"slug": event.slug}): ["Rakernas resmi dibuka"],
        reverse("public:tag-feed-atom", kwargs={"slug": "rakernas"}): ["Rakernas resmi dibuka"],
        reverse("public:official-feed-rss", kwargs={"slug": official.slug}): ["Rakernas resmi dibuka"],
    }
    for url, titles in cases.items():
        _, feed = parse(client, url)
        assert [entry.title for entry in feed.entries] == titles, url
    _, feed = parse(client, reverse("public:city-feed-rss", kwargs={"slug": city.slug}))
    assert "Kota Makassar" in feed.feed.title
    assert feed.feed.link == "http://testserver" + city.get_absolute_url()


@pytest.mark.django_db
def test_pages_announce_their_feeds(client, news):
    page = client.get(news["city"].get_absolute_url()).content.decode()
    assert f'type="application/rss+xml" title="Kota Makassar (RSS)" href="/kota/{news["city"].slug}/rss/"' in page
    assert 'type="application/atom+xml"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/rss/?p=abc",
        "/atom/?page=2",
        "/rss/?format=json",
        "/kota/tidak-ada/rss/",
        "/agenda/tidak-ada/rss/",
        "/topik/tidak-ada/atom/",
        "/tokoh/tidak-ada/atom/",
        "/rss/xml/",
    ],
)
def test_unsupported_feed_parameters_are_404(client, news, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_tracking_parameters_are_ignored(client, news):
    assert client.get("/rss/?utm_source=whatsapp&utm_medium=share").status_code == 200


@pytest.mark.django_db
def test_a_tag_only_drafts_carry_has_no_feed(client, frozen):
    make_article(tags=["embargo"], status=Article.Status.DRAFT)
    assert client.get(reverse("public:tag-feed-rss", kwargs={"slug": "embargo"})).status_code == 404


@pytest.mark.django_db
def test_a_scheduled_article_enters_the_feed_at_its_minute(client, news, frozen):
    _, feed = parse(client, reverse("public:feed-rss"))
    assert "Embargo" not in [entry.title for entry in feed.entries]
    frozen.shift(datetime.timedelta(hours=1))
    _, feed = parse(client, reverse("public:feed-rss"))
    assert feed.entries[0].title == "Embargo"


HOSTILE_LEAD = '<b>x</b><img src=x onerror=alert(1)><a href="https://slot-gacor.example/">slot gacor</a>'


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["public:feed-rss", "public:feed-atom"])
def test_the_lead_reaches_feed_readers_as_text_and_the_body_as_cleaned_html(client, frozen, name):
    article = make_article(headline="Rapat", lead=HOSTILE_LEAD, body="<p>Isi <strong>rapat</strong>.</p>")
    # A body that reached the database without save(), as a fixture or a data migration would put it.
    Article.objects.filter(pk=article.pk).update(
        body='<p>Isi.</p><script>alert(1)</script><a href="//evil.example">x</a>'
    )
    response, feed = parse(client, reverse(name))
    (entry,) = feed.entries
    # A reader decodes the description as HTML: what it shows is the text typed, markup and all, never a tag.
    assert "<img" not in entry.summary and "<a " not in entry.summary and "<b>" not in entry.summary
    assert "&lt;a href=" in entry.summary and "slot gacor" in entry.summary
    assert "<img" not in response.content.decode()
    content = entry.content[0].value
    assert "<p>Isi.</p>" in content and "<script" not in content and "evil.example" not in content
