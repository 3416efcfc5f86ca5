"""What search engines and share previews read on a page: JSON-LD, canonical URLs, Open Graph and Twitter cards,
and share links that work without JavaScript or third-party scripts."""

import json
import re

import pytest

from articles.models import Article
from cities.models import Role
from tests.factories import log_in, make_article, staff


def jsonld_blocks(page: str) -> list[dict]:
    return [
        json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    ]


def meta(page: str, key: str) -> str | None:
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', page)
    return match.group(1) if match else None


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
    article = make_article(status=Article.Status.DRAFT, headline="Draf pratinjau")
    log_in(client, staff(article.city, Role.REDAKTUR))
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
