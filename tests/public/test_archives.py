"""The news archives by year and month, for the site and per city, each article filed under its local date."""

import pytest
from django.urls import reverse

from articles.models import Article
from cities.models import TimeZone
from tests.factories import make_article, make_city, utc


@pytest.fixture
def archive(frozen):
    makassar = make_city(name="Kota Makassar", short_name="Makassar", slug="makassar", time_zone=TimeZone.WITA)
    jakarta = make_city(name="Kota Jakarta", short_name="Jakarta", slug="jakarta", time_zone=TimeZone.WIB)
    jayapura = make_city(name="Kota Jayapura", short_name="Jayapura", slug="jayapura", time_zone=TimeZone.WIT)
    # 31 July 2023 16.30 UTC: 23.30 WIB (July), 00.30 WITA and 01.30 WIT on 1 August.
    instant = utc(2023, 7, 31, 16, 30)
    return {
        "jakarta": make_article(headline="Jakarta akhir Juli", city=jakarta, published_at=instant),
        "makassar": make_article(headline="Makassar awal Agustus", city=makassar, published_at=instant),
        "jayapura": make_article(headline="Jayapura awal Agustus", city=jayapura, published_at=instant),
        "new_year": make_article(
            headline="Makassar tahun baru",
            city=makassar,
            # 31 December 2022 16.30 UTC is 1 January 2023 00.30 WITA.
            published_at=utc(2022, 12, 31, 16, 30),
        ),
        "draft": make_article(headline="Draf Juli", city=jakarta, status=Article.Status.DRAFT, published_at=instant),
        "makassar_city": makassar,
    }


def headlines(response):
    return [a.headline for a in response.context["page_obj"]]


@pytest.mark.django_db
def test_month_archives_use_each_article_local_date(client, archive):
    july = client.get("/berita/2023/07/")
    august = client.get("/berita/2023/08/")
    assert headlines(july) == ["Jakarta akhir Juli"]
    assert set(headlines(august)) == {"Makassar awal Agustus", "Jayapura awal Agustus"}
    assert "<h1>Juli 2023</h1>" in july.content.decode()  # Indonesian month names
    assert "<h1>Agustus 2023</h1>" in august.content.decode()
    assert "Draf Juli" not in july.content.decode()


@pytest.mark.django_db
def test_year_archive_lists_the_months_with_articles(client, archive):
    response = client.get("/berita/2023/")
    assert response.status_code == 200
    assert [first.month for first in response.context["months"]] == [1, 7, 8]
    page = response.content.decode()
    assert 'href="/berita/2023/08/">Agustus</a>' in page and 'href="/berita/2023/01/">Januari</a>' in page
    assert "Makassar tahun baru" in page
    assert client.get("/berita/2022/").status_code == 404  # only by UTC was anything published in 2022


@pytest.mark.django_db
def test_the_news_list_links_the_archive_years(client, archive):
    page = client.get("/berita/").content.decode()
    assert 'href="/berita/2023/">2023</a>' in page
    assert 'href="/berita/2022/"' not in page


@pytest.mark.django_db
def test_city_archives(client, archive):
    city = archive["makassar_city"]
    index = client.get(reverse("public:city-archive", kwargs={"city_slug": city.slug}))
    assert index.context["archive_years"] == [2023]
    month = client.get(f"/kota/{city.slug}/berita/2023/08/")
    assert headlines(month) == ["Makassar awal Agustus"]
    year = client.get(f"/kota/{city.slug}/berita/2023/")
    assert set(headlines(year)) == {"Makassar awal Agustus", "Makassar tahun baru"}
    assert client.get(f"/kota/{city.slug}/berita/2023/07/").status_code == 404
    assert city.get_absolute_url() in month.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/berita/2023/13/",
        "/berita/2023/00/",
        "/berita/2023/99/",
        "/berita/2023/7/",
        "/berita/1899/",
        "/berita/9999/12/",
        "/berita/2021/",
        "/berita/2023/02/",
        "/kota/tidak-ada/berita/2023/",
        "/kota/makassar/berita/2023/13/",
    ],
)
def test_bad_or_empty_archive_dates_are_404(client, archive, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]


@pytest.mark.django_db
def test_archive_pages_paginate(client, frozen):
    for day in range(1, 16):
        make_article(published_at=utc(2023, 5, day, 3, 0))
    assert len(headlines(client.get("/berita/2023/05/?page=2"))) == 3
    assert len(headlines(client.get("/berita/2023/05/?page=abc"))) == 12
