"""Sitemaps (with a Google News sitemap of the last 48 hours) list only what is published, and robots.txt points
to their index."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from articles.models import Article
from public.sitemaps import ArticleSitemap
from tests.factories import NOW, make_article, make_official

SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def sitemap(client, url) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own output, in a test)


@pytest.fixture
def site(story):
    hidden = [
        make_article(headline="Draf peta", slug="draf-peta", tags=["rahasia"], status=Article.Status.DRAFT),
        make_article(
            headline="Terjadwal peta",
            slug="terjadwal-peta",
            tags=["rahasia"],
            published_at=NOW + datetime.timedelta(hours=1),
        ),
    ]
    old = make_article(headline="Berita lama", slug="berita-lama", published_at=NOW - datetime.timedelta(days=3))
    make_official(slug="danny")
    return {"story": story, "old": old, "hidden": hidden}


@pytest.mark.django_db
def test_the_sitemap_index_lists_every_section(client, site):
    root = sitemap(client, "/sitemap.xml")
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    locations = [loc.text for loc in root.findall("s:sitemap/s:loc", SITEMAP_NS)]
    sections = ["pages", "articles", "news", "cities", "events", "officials", "tags"]
    assert locations == [f"http://testserver/sitemap-{section}.xml" for section in sections]
    for location in locations:
        sitemap(client, location.removeprefix("http://testserver"))


@pytest.mark.django_db
def test_sitemaps_list_only_published_articles_and_used_tags(client, site):
    articles = sitemap(client, "/sitemap-articles.xml")
    locations = [loc.text for loc in articles.findall("s:url/s:loc", SITEMAP_NS)]
    assert locations == [
        "http://testserver/berita/makassar-tuan-rumah/",
        "http://testserver/berita/berita-lama/",
    ]
    # Each URL's last change: the later of its publication and its last save.
    lastmods = [datetime.datetime.fromisoformat(url.find("s:lastmod", SITEMAP_NS).text) for url in articles]
    assert lastmods == [NOW - datetime.timedelta(minutes=30), NOW]
    tags = [loc.text for loc in sitemap(client, "/sitemap-tags.xml").findall("s:url/s:loc", SITEMAP_NS)]
    assert tags == ["http://testserver/topik/apeksi/", "http://testserver/topik/rakernas/"]
    officials = sitemap(client, "/sitemap-officials.xml").findall("s:url/s:loc", SITEMAP_NS)
    assert [loc.text for loc in officials] == ["http://testserver/tokoh/danny/"]
    cities = [loc.text for loc in sitemap(client, "/sitemap-cities.xml").findall("s:url/s:loc", SITEMAP_NS)]
    assert "http://testserver/kota/makassar/" in cities


@pytest.mark.django_db
def test_the_news_sitemap_has_the_last_48_hours_in_the_news_namespace(client, site):
    root = sitemap(client, "/sitemap-news.xml")
    urls = root.findall("s:url", SITEMAP_NS)
    assert [url.find("s:loc", SITEMAP_NS).text for url in urls] == ["http://testserver/berita/makassar-tuan-rumah/"]
    news = urls[0].find("news:news", SITEMAP_NS)
    assert news.find("news:publication/news:name", SITEMAP_NS).text == "APEKSI Newsroom"
    assert news.find("news:publication/news:language", SITEMAP_NS).text == "id"
    assert news.find("news:title", SITEMAP_NS).text == site["story"].headline
    published = datetime.datetime.fromisoformat(news.find("news:publication_date", SITEMAP_NS).text)
    assert published == site["story"].published_at
    assert news.find("news:publication_date", SITEMAP_NS).text.endswith("+08:00")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/sitemap-articles.xml?p=abc",
        "/sitemap-articles.xml?p=0",
        "/sitemap-articles.xml?p=-1",
        "/sitemap-articles.xml?p=2",
        "/sitemap-articles.xml?p=1.5",
        "/sitemap-news.xml?p=x",
        "/sitemap-unknown.xml",
        "/sitemap-.xml",
    ],
)
def test_unsupported_sitemap_parameters_are_404(client, site, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap_index(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines and "Disallow: /pratinjau/" in lines


@pytest.mark.django_db
def test_article_sitemaps_are_pages_of_id_ranges_that_together_list_every_published_article(client, site, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    for n in range(5):
        make_article(slug=f"tambahan-{n}")
    make_article(slug="draf-akhir", status=Article.Status.DRAFT)  # the highest id, not published
    index = [loc.text for loc in sitemap(client, "/sitemap.xml").findall("s:sitemap/s:loc", SITEMAP_NS)]
    pages = [url.removeprefix("http://testserver") for url in index if "/sitemap-articles.xml" in url]
    ids = Article.objects.published().values_list("pk", flat=True)
    assert len(pages) == -(-(max(ids) - min(ids) + 1) // 2)
    listed = [
        loc.text.removeprefix("http://testserver")
        for page in pages
        for loc in sitemap(client, page).findall("s:url/s:loc", SITEMAP_NS)
    ]
    expected = [article.get_absolute_url() for article in Article.objects.published().order_by("pk")]
    assert listed == expected
    assert client.get(f"/sitemap-articles.xml?p={len(pages) + 1}").status_code == 404


@pytest.mark.django_db
def test_the_sitemap_index_reads_no_article_rows(client, site):
    """Its cost must not grow with the archive: only the highest id, never the articles themselves."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sitemap.xml").status_code == 200
    reading_articles = [q["sql"] for q in queries if '"articles_article"."slug"' in q["sql"]]
    assert reading_articles == []
