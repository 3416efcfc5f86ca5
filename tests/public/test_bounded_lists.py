"""Lists never count or skip the whole archive: a page reads its rows and one more, lists stop at a fixed
depth and point to the archive; search results are counted, but only up to that depth."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from public import lists
from tests.factories import make_article, make_city


@pytest.fixture
def two_pages_deep(monkeypatch, settings):
    settings.PAGE_CACHE_SECONDS = 0
    monkeypatch.setattr(lists, "MAX_PAGES", 2)


def counts(queries) -> list[str]:
    return [query["sql"] for query in queries if "COUNT(" in query["sql"].upper()]


@pytest.mark.django_db
def test_a_long_list_stops_at_its_last_page_and_points_to_the_archive(client, frozen, two_pages_deep):
    for n in range(lists.ARTICLES_PER_PAGE * 2 + 3):
        make_article(headline=f"Berita {n}")
    first = client.get(reverse("public:article-list"))
    assert first.context["page_obj"].has_next()
    assert "Berita yang lebih lama" not in first.content.decode()
    last = client.get(reverse("public:article-list"), {"page": 2})
    assert not last.context["page_obj"].has_next()
    assert len(last.context["page_obj"].object_list) == lists.ARTICLES_PER_PAGE
    assert 'rel="next"' not in last.content.decode()
    assert "Berita yang lebih lama ada di arsip" in last.content.decode()
    # Past the end is the last page, never an error.
    beyond = client.get(reverse("public:article-list"), {"page": 99})
    assert beyond.status_code == 200 and beyond.context["page_obj"].number == 2


@pytest.mark.django_db
def test_a_short_list_ends_where_its_articles_do(client, frozen, two_pages_deep):
    city = make_city()
    for _ in range(lists.ARTICLES_PER_PAGE + 1):
        make_article(city=city)
    page = client.get(city.get_absolute_url(), {"page": 2}).context["page_obj"]
    assert len(page.object_list) == 1 and not page.has_next() and page.has_previous()
    assert not page.paginator.capped
    # An old link past the end finds the last page.
    assert client.get(city.get_absolute_url(), {"page": 5}).context["page_obj"].number == 2


@pytest.mark.django_db
def test_a_list_page_counts_nothing_and_search_counts_no_deeper_than_its_pages(client, frozen, two_pages_deep):
    for _ in range(lists.ARTICLES_PER_PAGE * 3):
        make_article(headline="Pelayanan warga")
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("public:article-list"), {"page": 2})
    assert counts(queries) == []
    with CaptureQueriesContext(connection) as queries:
        search = client.get(reverse("public:search"), {"q": "pelayanan"})
    assert counts(queries) and all("LIMIT 21" in sql for sql in counts(queries)), counts(queries)
    assert "Lebih dari 20 artikel ditemukan" in search.content.decode()
