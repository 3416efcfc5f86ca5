"""What search engines and share previews read: JSON-LD, canonical URLs, Open Graph and Twitter cards,
share links, sitemaps (with a Google News sitemap) and robots.txt."""

import datetime
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article
from cities.models import TimeZone
from tests.conftest import NOW

from .factories import make_article, make_city, make_event, make_official

SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def image(width=1600, height=900, fmt="JPEG", name="foto.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def jsonld_blocks(page: str) -> list[dict]:
    return [
        json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    ]


def meta(page: str, key: str) -> str | None:
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', page)
    return match.group(1) if match else None


@pytest.fixture
def story(frozen):
    city = make_city(name="Kota Makassar", short_name="Makassar", slug="makassar", time_zone=TimeZone.WITA)
    city.logo = image(256, 256, "PNG", "logo.png")
    city.save()
    with time_machine.travel(NOW - datetime.timedelta(minutes=30), tick=False):
        article = make_article(
            headline="Makassar tuan rumah Rakernas </script><script>alert(1)</script>",
            slug="makassar-tuan-rumah",
            lead="Ratusan wali kota berkumpul di Makassar.",
            byline="Rina, Humas Makassar",
            city=city,
            event=make_event(name="Rakernas XVI", host_city=city),
            tags=["rakernas", "apeksi"],
            hero_image=image(),
            hero_alt="Wali kota memukul gong",
            published_at=NOW - datetime.timedelta(hours=2),
        )
    return article


# --- JSON-LD ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_article_jsonld_is_a_complete_news_article(client, story):
    page = client.get(story.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    news, crumbs = jsonld_blocks(page)
    assert news["@context"] == "https://schema.org" and news["@type"] == "NewsArticle"
    assert news["headline"] == story.headline[:110]
    assert news["url"] == news["mainEntityOfPage"]["@id"] == "http://testserver/berita/makassar-tuan-rumah/"
    assert news["datePublished"] == "2024-03-01T11:00:00+08:00"  # WITA, the desk city's zone
    assert news["dateModified"] == "2024-03-01T12:30:00+08:00"
    assert news["author"] == [{"@type": "Person", "name": "Rina, Humas Makassar"}]
    assert news["publisher"]["@type"] == "GovernmentOrganization"
    assert news["publisher"]["name"] == "Kota Makassar"
    assert news["publisher"]["logo"]["url"].startswith("http://testserver/media/cities/logos/")
    assert news["image"][0]["url"].startswith("http://testserver/media/renditions/")
    assert news["image"][0]["width"] == 1280 and news["image"][0]["height"] == 720
    assert news["keywords"] == ["apeksi", "rakernas"] or sorted(news["keywords"]) == ["apeksi", "rakernas"]
    assert news["inLanguage"] == "id" and news["description"] == story.lead
    assert crumbs["@type"] == "BreadcrumbList"
    items = crumbs["itemListElement"]
    assert [item["position"] for item in items] == [1, 2, 3]
    assert items[1]["item"] == "http://testserver/kota/makassar/"
    assert items[2]["item"] == news["url"]


@pytest.mark.django_db
def test_jsonld_without_byline_or_image_or_logo(client, frozen):
    article = make_article(lead="")
    news, _ = jsonld_blocks(client.get(article.get_absolute_url()).content.decode())
    assert news["author"] == [{"@type": "GovernmentOrganization", "name": article.city.name}]
    assert "image" not in news and "logo" not in news["publisher"]
    assert news["description"] == article.headline


@pytest.mark.django_db
def test_a_preview_has_no_jsonld_and_no_share_card(client, frozen):
    from django.contrib.auth import get_user_model

    from cities.models import Membership, Role

    article = make_article(status=Article.Status.DRAFT, headline="Draf pratinjau")
    user = get_user_model().objects.create_user("redaktur", password="x", is_staff=True)
    Membership.objects.create(user=user, city=article.city, role=Role.REDAKTUR)
    client.force_login(user)
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'class="preview-banner"' in page
    assert jsonld_blocks(page) == []
    assert meta(page, "og:title") is None and 'class="share"' not in page


# --- Canonical, Open Graph, Twitter ----------------------------------------------------------------


@pytest.mark.django_db
def test_article_share_card_has_absolute_urls_and_the_hero_image(client, story):
    page = client.get(story.get_absolute_url() + "?utm_source=wa").content.decode()
    assert '<link rel="canonical" href="http://testserver/berita/makassar-tuan-rumah/">' in page
    assert meta(page, "og:type") == "article"
    assert meta(page, "og:url") == "http://testserver/berita/makassar-tuan-rumah/"
    assert meta(page, "og:image").startswith("http://testserver/media/renditions/")
    assert meta(page, "og:image").endswith("/1280w.jpg")
    assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == ("1280", "720")
    assert meta(page, "og:image:alt") == "Wali kota memukul gong"
    assert meta(page, "twitter:card") == "summary_large_image"
    assert meta(page, "twitter:image") == meta(page, "og:image")
    assert meta(page, "og:description") == meta(page, "description") == story.lead
    assert meta(page, "article:published_time") == "2024-03-01T11:00:00+08:00"
    assert meta(page, "og:locale") == "id_ID"


@pytest.mark.django_db
def test_list_pages_have_canonical_urls_with_their_page_number(client, frozen):
    for _ in range(13):
        make_article()
    first = client.get("/berita/?utm_source=x").content.decode()
    assert '<link rel="canonical" href="http://testserver/berita/">' in first
    second = client.get("/berita/?page=2&utm_source=x").content.decode()
    assert '<link rel="canonical" href="http://testserver/berita/?page=2">' in second
    assert meta(second, "twitter:card") == "summary"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/berita/", "/kota/", "/agenda/"])
def test_every_page_has_a_description_and_a_share_card(client, frozen, url):
    page = client.get(url).content.decode()
    assert meta(page, "description")
    assert meta(page, "og:title") and meta(page, "og:description") and meta(page, "og:site_name")


# --- Share links -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_share_links_work_without_javascript_or_third_party_scripts(client, story):
    page = client.get(story.get_absolute_url()).content.decode()
    url = "http%3A%2F%2Ftestserver%2Fberita%2Fmakassar-tuan-rumah%2F"
    assert 'href="https://wa.me/?text=Makassar+tuan+rumah' in page
    assert url in page
    for prefix in (
        "https://www.facebook.com/sharer/sharer.php?u=",
        "https://x.com/intent/tweet?url=",
        "https://t.me/share/url?url=",
    ):
        assert f'href="{prefix}{url}' in page, prefix
    assert '<label for="share-url">' in page
    assert 'id="share-url" type="url" value="http://testserver/berita/makassar-tuan-rumah/" readonly' in page
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts.count('<script type="application/ld+json">') == 2
    assert [s for s in scripts if "src=" in s] == ['<script src="/static/js/share.js" defer>']
    assert "onclick" not in page and "style=" not in page


# --- Sitemaps and robots.txt ---------------------------------------------------------------------------


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
    lastmods = [lastmod.text for lastmod in articles.findall("s:url/s:lastmod", SITEMAP_NS)]
    assert all(datetime.datetime.fromisoformat(value) for value in lastmods)
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
