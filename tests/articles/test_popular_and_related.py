"""The most read of the last seven days ("Terpopuler", from DailyViews) and the related articles ("Baca juga"):
published ones only, pinned first, then by event, city and shared tags."""

import datetime

import pytest
from django.urls import reverse

from articles import counters
from articles.models import Article, DailyViews
from articles.related import related_articles
from cities.models import TimeZone
from tests.factories import BROWSER, NOW, make_article, make_city, make_event

TODAY = NOW.date()


# --- Terpopuler ----------------------------------------------------------------------------------------


def views(article, days_ago, count):
    DailyViews.objects.create(article=article, day=TODAY - datetime.timedelta(days=days_ago), views=count)


@pytest.mark.django_db
def test_popular_is_the_most_read_of_the_last_seven_days(frozen):
    city = make_city()
    steady = make_article(headline="Dibaca tiap hari", city=city)
    burst = make_article(headline="Ramai kemarin", city=city)
    old = make_article(headline="Ramai bulan lalu", city=city)
    draft = make_article(headline="Draf ramai", city=city, status=Article.Status.DRAFT)
    scheduled = make_article(headline="Terjadwal ramai", city=city, published_at=NOW + datetime.timedelta(hours=2))
    for day in range(7):
        views(steady, day, 10)  # 70 in the window
    views(burst, 1, 50)
    views(old, 7, 1000)  # the eighth day back: outside
    views(draft, 0, 5000)
    views(scheduled, 0, 5000)
    popular = counters.popular_articles()
    assert [a.headline for a in popular] == ["Dibaca tiap hari", "Ramai kemarin"]
    assert popular[0].recent_views == 70


@pytest.mark.django_db
def test_popular_per_city_counts_desk_and_concerned_articles(client, frozen):
    serang = make_city(short_name="Serang", slug="serang")
    cimahi = make_city(short_name="Cimahi", slug="cimahi")
    own = make_article(headline="Dari Serang", city=serang)
    about = make_article(headline="Tentang Serang", city=cimahi, cities=[cimahi, serang])
    other = make_article(headline="Hanya Cimahi", city=cimahi)
    views(own, 0, 5)
    views(about, 0, 9)
    views(other, 0, 50)
    assert [a.headline for a in counters.popular_articles(serang)] == ["Tentang Serang", "Dari Serang"]
    page = client.get(serang.get_absolute_url()).content.decode()
    section = page[page.index('id="popular-heading"') : page.index('id="profile-heading"')]
    assert section.index("Tentang Serang") < section.index("Dari Serang")
    assert "Hanya Cimahi" not in section
    home = client.get(reverse("public:home")).content.decode()
    section = home[home.index('id="popular-heading"') :]
    assert section.index("Hanya Cimahi") < section.index("Tentang Serang") < section.index("Dari Serang")


# --- Baca juga -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_read_also_pinned_first_in_order_then_event_then_city_and_tags(client, frozen):
    city, elsewhere = make_city(), make_city()
    event = make_event(host_city=city)
    article = make_article(city=city, event=event, tags=["banjir", "drainase"])
    pinned_b = make_article(headline="Disematkan B", city=elsewhere, published_at=NOW - datetime.timedelta(days=300))
    pinned_a = make_article(headline="Disematkan A", city=elsewhere, published_at=NOW - datetime.timedelta(days=200))
    pinned_draft = make_article(headline="Disematkan draf", status=Article.Status.DRAFT)
    pinned_later = make_article(headline="Disematkan terjadwal", published_at=NOW + datetime.timedelta(days=1))
    same_event = make_article(headline="Acara sama", city=elsewhere, event=event)
    city_and_tags = make_article(headline="Kota dan dua topik", city=city, tags=["banjir", "drainase"])
    city_only = make_article(headline="Kota saja", city=city)
    make_article(headline="Tidak terkait", city=elsewhere)
    for pinned in (pinned_b, pinned_draft, pinned_a, pinned_later):
        article.pinned_related.add(pinned)

    article = Article.objects.prefetch_related("cities", "tags").get(pk=article.pk)
    related = related_articles(article, limit=10)
    assert [a.headline for a in related] == [
        pinned_b.headline,
        pinned_a.headline,
        same_event.headline,
        city_and_tags.headline,
        city_only.headline,
    ]
    page = client.get(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER).content.decode()
    assert 'id="related-heading"' in page
    assert "Disematkan draf" not in page and "Disematkan terjadwal" not in page
    assert "Tidak terkait" not in page


@pytest.mark.django_db
def test_read_also_uses_the_article_zone_free_of_duplicates(frozen):
    city = make_city(time_zone=TimeZone.WITA)
    article = make_article(city=city, tags=["a", "b", "c"])
    twin = make_article(city=city, cities=[city, make_city()], tags=["a", "b", "c"])
    article = Article.objects.prefetch_related("cities", "tags").get(pk=article.pk)
    assert related_articles(article) == [twin]
