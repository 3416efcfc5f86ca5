"""Bad input on the public site gives a helpful page or a 404, never a 500; pagination walks every article."""

import datetime

import pytest
from django.template import loader
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tests.factories import BROWSER, html, make_article, make_city, make_event, templates_used

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
def test_bad_page_numbers_never_fail(client, public_urls, page):
    make_event(name="Lampau", starts_on=datetime.date(2020, 1, 1))
    for name, url in public_urls.items():
        assert client.get(url, {"page": page, "agenda": page}).status_code == 200, name


@pytest.mark.django_db
def test_pagination_walks_through_all_articles(client, frozen):
    headlines = {make_article().headline for _ in range(15)}
    seen = set()
    for number in (1, 2):
        response = client.get(reverse("public:article-list"), {"page": number})
        seen |= {a.headline for a in response.context["page_obj"]}
    assert seen == headlines
    assert 'href="?page=2"' in html(client.get(reverse("public:article-list")))


@pytest.mark.django_db
def test_city_page_paginates_events_without_losing_the_article_page(client, frozen):
    city = make_city(slug="kota-banyak-agenda")
    for _ in range(25):
        make_event(host_city=city)
    page = html(client.get(city.get_absolute_url(), {"page": "1"}))
    assert 'href="?page=1&amp;agenda=2"' in page


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
