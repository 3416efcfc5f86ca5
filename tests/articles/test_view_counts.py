"""Reads counted in the cache and flushed to the database in batches: bots, prefetches, staff, reloads and drafts
are not counted, a page view writes nothing, a failed flush loses nothing, and flushed reads reach the popular list."""

import datetime
import socket
import uuid
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import DatabaseError

from articles import counters
from articles.models import Article, DailyViews
from cities.models import Role
from tests.factories import BROWSER, NOW, log_in, make_article, staff

TODAY = NOW.date()
BOTS = [
    "",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "WhatsApp/2.23.20.0",
    "TelegramBot (like TwitterBot)",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0 Safari/537.36",
    "Feedly/1.0 (+http://www.feedly.com/fetcher.html; like FeedFetcher-Google)",
]


@pytest.fixture(autouse=True)
def _flush_only_when_a_test_says_so(settings):
    settings.VIEW_COUNT_FLUSH_EVERY = 1000
    settings.VIEW_COUNT_FLUSH_SECONDS = 3600


def read(client, article, visitor=1, agent=BROWSER):
    """One page view by a visitor (a loopback address stands for the reader's address)."""
    return client.get(article.get_absolute_url(), HTTP_USER_AGENT=agent, REMOTE_ADDR=f"127.0.0.{visitor}")


def pending(article, day=TODAY) -> int:
    return cache.get(counters.counter_key(day, article.pk)) or 0


# --- Counting ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_page_view_writes_nothing_to_the_database(client, frozen, django_assert_max_num_queries):
    article = make_article()
    read(client, article, visitor=1)  # warm-up: renditions, templates
    with django_assert_max_num_queries(9) as captured:
        response = read(client, article, visitor=2)
    assert response.status_code == 200
    writes = [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert writes == []
    assert pending(article) == 2
    assert not DailyViews.objects.exists()
    assert Article.objects.get(pk=article.pk).view_count == 0


@pytest.mark.django_db
@pytest.mark.parametrize("agent", BOTS, ids=lambda agent: agent[:20] or "empty")
def test_bots_are_not_counted(client, frozen, agent):
    article = make_article()
    assert read(client, article, agent=agent).status_code == 200
    assert pending(article) == 0
    assert counters.is_bot(agent)


@pytest.mark.django_db
def test_a_reload_by_the_same_visitor_counts_once_until_the_repeat_window_passes(client, frozen, settings):
    article = make_article()
    for _ in range(5):
        read(client, article, visitor=7)
    assert pending(article) == 1
    read(client, article, visitor=7, agent=BROWSER + " other")  # another browser on the same address
    read(client, article, visitor=8)
    assert pending(article) == 3
    frozen.shift(datetime.timedelta(seconds=settings.VIEW_COUNT_REPEAT_SECONDS + 1))
    read(client, article, visitor=7)
    assert pending(article) == 4


@pytest.mark.django_db
def test_staff_prefetches_heads_and_drafts_are_not_counted(client, frozen):
    article = make_article()
    client.get(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER, HTTP_SEC_PURPOSE="prefetch")
    client.head(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    log_in(client, staff(article.city, Role.PENULIS))
    read(client, article, visitor=3)
    client.logout()
    draft = make_article(status=Article.Status.DRAFT)
    assert read(client, draft, visitor=4).status_code == 404
    assert pending(article) == 0 and pending(draft) == 0


# --- Flushing -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_flushes_counts_to_daily_views_and_the_article(client, frozen):
    first, second = make_article(view_count=100), make_article()
    for visitor in range(1, 4):
        read(client, first, visitor=visitor)
    read(client, second, visitor=1)
    before = Article.objects.get(pk=first.pk).updated_at

    call_command("flush_view_counts", verbosity=0)

    assert dict(DailyViews.objects.values_list("article_id", "views")) == {first.pk: 3, second.pk: 1}
    assert DailyViews.objects.get(article=first).day == TODAY
    first.refresh_from_db()
    assert first.view_count == 103
    assert first.updated_at == before  # counting reads is not an edit
    assert pending(first) == 0

    # Nothing is moved twice; new reads add to the same day's row.
    assert counters.flush_view_counts() == 0
    read(client, first, visitor=9)
    assert counters.flush_view_counts() == 1
    assert DailyViews.objects.get(article=first).views == 4
    assert Article.objects.get(pk=first.pk).view_count == 104


@pytest.mark.django_db
def test_counts_of_several_days_go_to_their_own_day(client, frozen):
    article = make_article()
    read(client, article, visitor=1)
    frozen.shift(datetime.timedelta(days=1))
    read(client, article, visitor=1)
    read(client, article, visitor=2)
    counters.flush_view_counts()
    assert dict(DailyViews.objects.values_list("day", "views")) == {TODAY: 1, TODAY + datetime.timedelta(days=1): 2}


@pytest.mark.django_db
def test_requests_flush_by_themselves_after_a_batch(client, frozen, settings):
    settings.VIEW_COUNT_FLUSH_EVERY = 3
    article = make_article()
    read(client, article, visitor=1)
    read(client, article, visitor=2)
    assert not DailyViews.objects.exists()
    read(client, article, visitor=3)
    assert DailyViews.objects.get(article=article).views == 3
    assert Article.objects.get(pk=article.pk).view_count == 3


@pytest.mark.django_db
def test_requests_flush_by_themselves_after_some_time(client, frozen, settings):
    article = make_article()
    read(client, article, visitor=1)
    frozen.shift(datetime.timedelta(seconds=settings.VIEW_COUNT_FLUSH_SECONDS + 1))
    assert not DailyViews.objects.exists()
    read(client, article, visitor=2)
    assert DailyViews.objects.get(article=article).views == 2


@pytest.mark.django_db
def test_a_failed_flush_keeps_the_counts_for_the_next(client, frozen):
    article = make_article()
    read(client, article, visitor=1)
    read(client, article, visitor=2)
    with mock.patch.object(counters, "_write", side_effect=DatabaseError("down")), pytest.raises(DatabaseError):
        counters.flush_view_counts()
    assert pending(article) == 2
    assert counters.flush_view_counts() == 2
    assert DailyViews.objects.get(article=article).views == 2


@pytest.mark.django_db
def test_a_failing_flush_during_a_request_does_not_fail_the_page(client, frozen, settings):
    settings.VIEW_COUNT_FLUSH_EVERY = 1
    article = make_article()
    with mock.patch.object(counters, "_write", side_effect=DatabaseError("down")):
        assert read(client, article, visitor=1).status_code == 200
    assert pending(article) == 1


@pytest.mark.django_db
def test_counts_of_a_deleted_article_are_dropped(client, frozen):
    article = make_article()
    read(client, article, visitor=1)
    Article.objects.filter(pk=article.pk).delete()
    assert counters.flush_view_counts() == 1
    assert not DailyViews.objects.exists()


@pytest.mark.django_db
def test_only_one_flush_at_a_time(client, frozen):
    article = make_article()
    read(client, article, visitor=1)
    cache.add(counters.LOCK_KEY, 1)
    assert counters.flush_view_counts() == 0
    cache.delete(counters.LOCK_KEY)
    assert counters.flush_view_counts() == 1


def _redis_reachable() -> bool:
    try:
        import redis  # noqa: F401
    except ImportError:
        return False
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.django_db
@pytest.mark.skipif(not _redis_reachable(), reason="needs the redis package and a Redis server on 127.0.0.1:6379")
def test_counting_and_flushing_with_redis(client, frozen, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"newsroom-test-{uuid.uuid4().hex}",
        },
        # The pages too: every read after the first is a cached page, still counted.
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"newsroom-test-pages-{uuid.uuid4().hex}",
        },
    }
    article = make_article()
    for visitor in range(1, 5):
        read(client, article, visitor=visitor)
    read(client, article, visitor=1)
    assert pending(article) == 4
    assert counters.flush_view_counts() == 4
    assert DailyViews.objects.get(article=article).views == 4
    assert pending(article) == 0


@pytest.mark.django_db
def test_counted_reads_reach_the_popular_list_after_a_flush(client, frozen):
    quiet, read_often = make_article(headline="Sepi"), make_article(headline="Ramai")
    for visitor in range(1, 6):
        read(client, read_often, visitor=visitor)
    read(client, quiet, visitor=1)
    counters.flush_view_counts()
    assert [a.headline for a in counters.popular_articles()] == ["Ramai", "Sepi"]
