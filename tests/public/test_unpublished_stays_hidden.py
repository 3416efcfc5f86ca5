"""Only a published article whose time has come and that the spam check does not hold is public: the publish rule
as a truth table with a frozen clock, and a draft, a scheduled article and a held one, linked to everything the
published one is, never appear at any public URL."""

import datetime

import pytest
from django.urls import reverse

from articles.models import Article, AuditEntry
from cities.models import Role
from tests.factories import BROWSER, NOW, html, make_article, staff, templates_used

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
def test_only_published_past_articles_are_public(client, world, article_urls, status, offset, visible):
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
    for name, url in article_urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert ("Artikel yang diuji" in html(response)) is visible, name


@pytest.mark.django_db
def test_a_scheduled_article_appears_at_its_minute(client, frozen):
    article = make_article(headline="Terjadwal", published_at=NOW + datetime.timedelta(minutes=5))
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Terjadwal" not in html(client.get(reverse("public:home")))
    frozen.shift(datetime.timedelta(minutes=5))
    assert client.get(article.get_absolute_url()).status_code == 200
    assert "Terjadwal" in html(client.get(reverse("public:home")))


@pytest.mark.django_db
def test_a_held_article_leaves_the_site_at_once_and_returns_when_released(client, frozen):
    article = make_article(headline="Ditahan sejenak", published_at=NOW - datetime.timedelta(hours=1))
    home = reverse("public:home")
    assert "Ditahan sejenak" in html(client.get(home))  # now in the page cache too
    article.held_at, article.held_reasons = NOW, [{"kind": "new_domains", "found": ["judi.example"], "detail": []}]
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Ditahan sejenak" not in html(client.get(home))
    article.release_hold(by=staff(article.city, Role.REDAKTUR))
    assert client.get(article.get_absolute_url()).status_code == 200
    assert AuditEntry.objects.filter(article=article, action="release_hold").exists()


@pytest.mark.django_db
def test_a_tag_used_only_by_drafts_is_a_404(client):
    make_article(tags=["embargo"], status=Article.Status.DRAFT)
    response = client.get(reverse("public:tag-detail", kwargs={"slug": "embargo"}))
    assert response.status_code == 404


# --- Nothing unpublished leaks: every public URL, a draft and a scheduled article -----------------


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
def test_the_leak_test_walks_every_public_url(every_public_url):
    assert sorted(LEAK_URL_NAMES) == sorted(every_public_url)


@pytest.mark.django_db
@pytest.mark.parametrize("name", LEAK_URL_NAMES)
def test_drafts_scheduled_and_held_articles_never_appear(client, leaky_world, every_public_url, name):
    url = every_public_url[name]
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
        assert client.get(reverse("public:tag-detail", kwargs={"slug": tag})).status_code == 404
        assert client.get(reverse("public:tag-feed-rss", kwargs={"slug": tag})).status_code == 404


@pytest.mark.django_db
def test_the_published_article_is_where_readers_look(client, leaky_world, every_public_url):
    headline = leaky_world["article"].headline
    names = ["home", "search", "archive-month", "city-archive-month", "rss", "city-atom", "tag-rss", "official-rss"]
    urls = every_public_url
    for name in names:
        assert headline in client.get(urls[name], HTTP_USER_AGENT=BROWSER).content.decode(), name
    assert leaky_world["article"].slug in client.get(urls["sitemap-news"]).content.decode()
