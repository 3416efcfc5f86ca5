"""The number of queries a public page costs does not grow with the number of items it shows."""

import datetime

import pytest
from django.urls import reverse

from cities.models import EventSpeaker
from tests.factories import BROWSER, make_article, make_city, make_event, make_official, make_position, utc


@pytest.fixture(autouse=True)
def _pages_built_every_time(settings):
    """The budgets are for building a page; a page served from the page cache costs none (test_page_cache)."""
    settings.PAGE_CACHE_SECONDS = 0


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
    return reverse("public:home")


def build_article_list(n):
    event = make_event()
    for i in range(n):
        make_article(event=event, dateline_city=make_city(), tags=[f"t{i}", "umum"])
    return reverse("public:article-list")


def build_tag_detail(n):
    for i in range(n):
        make_article(tags=["umum", f"t{i}"])
    return reverse("public:tag-detail", kwargs={"slug": "umum"})


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
    return reverse("public:city-list")


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
    return reverse("public:event-list")


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
    return reverse("public:search") + "?q=pelayanan&kota=kota-cari"


def build_archive_month(n):
    for i in range(n):
        make_article(published_at=utc(2023, 7, 2 + i % 20, 3, 0), tags=["umum"], event=make_event())
    return reverse("public:archive-month", kwargs={"year": "2023", "month": "07"})


def build_archive_year(n):
    for i in range(n):
        make_article(published_at=utc(2023, 1 + i % 12, 5, 3, 0), tags=["umum"], event=make_event())
    return reverse("public:archive-year", kwargs={"year": "2023"})


def build_city_agenda(n):
    city = make_city()
    for i in range(n):
        make_event(host_city=city, starts_on=datetime.date(2024, 3, 1))
        make_event(host_city=make_city(), starts_on=datetime.date(2024, 4, 1) + datetime.timedelta(days=i)).cities.set(
            [city]
        )
        make_event(host_city=city, parent=make_event(), starts_on=datetime.date(2023, 4, 1))
    return reverse("public:city-agenda", kwargs={"slug": city.slug})


def build_rss(n):
    for i in range(n):
        make_article(event=make_event(), tags=[f"t{i}", "umum"], byline=f"Penulis {i}")
    return reverse("public:feed-rss")


def build_city_ics(n):
    city = make_city()
    for i in range(n):
        make_event(host_city=city, starts_on=datetime.date(2024, 3, 1) + datetime.timedelta(days=i))
    return reverse("public:city-ics", kwargs={"slug": city.slug})


def build_sitemap_articles(n):
    for i in range(n):
        make_article(tags=[f"t{i}"])
    return reverse("public:sitemap-section", kwargs={"section": "articles"})


def build_sitemap_index(n):
    for i in range(n):
        make_article(tags=[f"t{i}"], event=make_event())
    return reverse("public:sitemap-index")


# The budget per page: the same fixed number for 3 items and for 15. Lists read a page and one more row and
# never count themselves (public.lists).
QUERY_BUDGETS = {
    build_home: 6,  # + the week's most read
    build_article_list: 4,  # + the archive's first and last day, and its years (one query of probes)
    build_tag_detail: 3,
    build_article_detail: 13,  # "Baca juga": pins, then the newest of the event, desk cities and tags
    build_city_list: 1,
    build_city_detail: 6,  # + the city's most read
    build_event_list: 4,  # + today's events
    build_event_detail: 8,
    build_official_detail: 4,
    build_search: 8,  # 5 on SQLite; PostgreSQL adds the name matches, the newest text matches and the snippets
    build_archive_month: 2,
    build_archive_year: 3,  # + the months of the year (one query of probes)
    build_city_agenda: 5,
    build_rss: 2,
    build_city_ics: 2,
    build_sitemap_articles: 2,
    build_sitemap_index: 6,
}


@pytest.mark.django_db
@pytest.mark.parametrize("n", [3, 15])
@pytest.mark.parametrize("build", list(QUERY_BUDGETS), ids=lambda build: build.__name__.removeprefix("build_"))
def test_query_count_does_not_grow_with_the_items_shown(client, frozen, django_assert_max_num_queries, build, n):
    url = build(n)
    with django_assert_max_num_queries(QUERY_BUDGETS[build]):
        response = client.get(url, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
