"""One local day everywhere: an article's page, the archives and search file it under the same day, the day
of its desk city's zone (WIB, WITA, WIT), even when that day differs from the UTC or the WIB date."""

import datetime
import zoneinfo

import pytest

from articles.models import Article
from cities.models import TimeZone
from tests.factories import make_article, make_city

pytestmark = pytest.mark.django_db

ZONES = [TimeZone.WIB, TimeZone.WITA, TimeZone.WIT]


def local(zone, *args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=zoneinfo.ZoneInfo(zone))


def searched(client, day: str) -> str:
    return client.get("/cari/", {"dari": day, "sampai": day}).content.decode()


@pytest.fixture(params=ZONES, ids=lambda zone: TimeZone(zone).label)
def city(request):
    zone = request.param
    label = TimeZone(zone).label
    return make_city(short_name=f"Kota {label}", slug=f"kota-{label.lower()}", time_zone=zone)


def test_just_after_local_midnight_is_the_new_day_everywhere(client, city):
    # 00:30 on 1 August in the city is still 31 July in UTC (and in WIB for WITA/WIT cities).
    article = make_article(city=city, headline="Rapat subuh", published_at=local(city.time_zone, 2023, 8, 1, 0, 30))
    assert article.local_date == datetime.date(2023, 8, 1)

    assert "1 Agustus 2023" in client.get(article.get_absolute_url()).content.decode()
    assert "Rapat subuh" in client.get("/berita/2023/08/").content.decode()
    assert client.get("/berita/2023/07/").status_code == 404
    assert "Rapat subuh" in client.get(f"/kota/{city.slug}/berita/2023/08/").content.decode()
    assert "Rapat subuh" in searched(client, "2023-08-01")
    assert "Rapat subuh" not in searched(client, "2023-07-31")
    assert list(Article.objects.published_on_local_days(datetime.date(2023, 8, 1), datetime.date(2023, 8, 1))) == [
        article
    ]


def test_just_before_local_midnight_is_still_the_old_day_everywhere(client, city):
    article = make_article(city=city, headline="Rapat malam", published_at=local(city.time_zone, 2023, 7, 31, 23, 30))
    assert article.local_date == datetime.date(2023, 7, 31)

    assert "31 Juli 2023" in client.get(article.get_absolute_url()).content.decode()
    assert "Rapat malam" in client.get("/berita/2023/07/").content.decode()
    assert client.get("/berita/2023/08/").status_code == 404
    assert "Rapat malam" in searched(client, "2023-07-31")
    assert "Rapat malam" not in searched(client, "2023-08-01")


def test_a_year_archive_counts_by_the_local_new_year(client, city):
    make_article(city=city, headline="Tahun baru", published_at=local(city.time_zone, 2024, 1, 1, 0, 5))
    year_2024 = client.get("/berita/2024/")
    assert "Tahun baru" in year_2024.content.decode()
    assert [first.month for first in year_2024.context["months"]] == [1]
    assert client.get("/berita/2023/").status_code == 404


def test_open_ended_search_ranges_use_the_local_day(client, city):
    make_article(city=city, headline="Rapat subuh", published_at=local(city.time_zone, 2023, 8, 1, 0, 30))
    assert "Rapat subuh" in client.get("/cari/", {"dari": "2023-08-01"}).content.decode()
    assert "Rapat subuh" not in client.get("/cari/", {"sampai": "2023-07-31"}).content.decode()
