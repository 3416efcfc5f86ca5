"""Reads of articles: counted in the cache, written to the database in batches, ranked for "Terpopuler".

Why the cache and not the database: a news page may be read thousands of times an hour; one UPDATE per
view would serialise readers on the article's row and fill the write-ahead log with counter noise. The
Django cache API gives what a counter needs: ``add`` (set only if absent) and ``incr``/``decr``, which are
atomic in Redis (INCRBY) and under a lock in the local-memory cache. ``settings.CACHES`` chooses Redis when
``REDIS_URL`` is set (shared by every worker and by ``manage.py flush_view_counts``), else local memory
(one cache per process, flushed by that process's own requests: right for the demo and the tests).

Keys, all under ``views:``:

- ``seen:<digest>``: this visitor (a salted hash of address, User-Agent and article: no address is stored)
  was counted for this article recently; a reload within ``VIEW_COUNT_REPEAT_SECONDS`` is not a new read.
- ``n:<day>:<article>``: reads of an article on a day (the site's day, WIB), not yet flushed.
- ``slots:<day>`` and ``slot:<day>:<n>``: which articles have a counter that day, so a flush finds them
  (the cache API cannot list keys).
- ``pending`` and ``last-flush``: when to flush during a request; ``flush-lock`` keeps flushes one at a time.

A flush takes each counter's value away with ``decr`` (reads that arrive meanwhile stay for the next flush),
then adds the values to ``DailyViews`` and ``Article.view_count`` with ``F()`` updates in one transaction; if
that transaction fails the values are put back. A crash therefore loses at most the counts not yet flushed.
"""

import datetime
import logging
import re
import time
from collections import defaultdict

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import Article, DailyViews

logger = logging.getLogger(__name__)

PREFIX = "views:"
PENDING_KEY = PREFIX + "pending"
LAST_FLUSH_KEY = PREFIX + "last-flush"
LOCK_KEY = PREFIX + "flush-lock"
LOCK_SECONDS = 120
# Counters live this long unflushed; a flush looks back this many days.
KEEP_DAYS = 3
COUNTER_TIMEOUT = KEEP_DAYS * 24 * 3600
POPULAR_DAYS = 7

# Crawlers, link-preview fetchers, feed readers, HTTP libraries, headless browsers and monitors.
BOT_USER_AGENT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|fetch|scrap|preview|facebookexternalhit|embedly|whatsapp|"
    r"telegram|discord|skype|curl|wget|python|httpx|aiohttp|java/|go-http|okhttp|libwww|perl|ruby|node-fetch|"
    r"headless|phantom|selenium|playwright|puppeteer|lighthouse|pingdom|uptime|monitor|check|feed|rss|"
    r"validator|scanner|nmap|zgrab|masscan",
    re.IGNORECASE,
)


def site_today() -> datetime.date:
    """The site's day (WIB, ``settings.TIME_ZONE``): one day for every counter and the popular lists."""
    return timezone.localdate()


def counter_key(day: datetime.date, article_id: int) -> str:
    return f"{PREFIX}n:{day.isoformat()}:{article_id}"


def _slots_key(day: datetime.date) -> str:
    return f"{PREFIX}slots:{day.isoformat()}"


def _slot_key(day: datetime.date, number: int) -> str:
    return f"{PREFIX}slot:{day.isoformat()}:{number}"


def is_bot(user_agent: str) -> bool:
    """No User-Agent, or one that names a crawler, fetcher, library or headless browser."""
    return not user_agent.strip() or bool(BOT_USER_AGENT.search(user_agent))


def _is_prefetch(request) -> bool:
    purpose = (request.headers.get("Sec-Purpose") or request.headers.get("Purpose") or "").lower()
    return "prefetch" in purpose or "prerender" in purpose


def _visitor_key(request, article_id: int) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    agent = request.headers.get("User-Agent", "")
    digest = salted_hmac("articles.counters.visitor", f"{address}|{agent}|{article_id}").hexdigest()[:32]
    return f"{PREFIX}seen:{digest}"


def _incr(key: str, timeout: int) -> int:
    """Increment ``key``, creating it at 0 first; atomic with Redis and local memory alike."""
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired or evicted between add and incr
        cache.add(key, 0, timeout=timeout)
        return cache.incr(key)


def count_view(article_id: int, day: datetime.date | None = None) -> None:
    """Add one read of ``article_id`` on ``day`` to the cache (no database access)."""
    day = day or site_today()
    key = counter_key(day, article_id)
    if cache.add(key, 0, timeout=COUNTER_TIMEOUT):
        # The first read of this article today (or since its counter expired): register it for the flush.
        number = _incr(_slots_key(day), COUNTER_TIMEOUT)
        cache.set(_slot_key(day, number), article_id, timeout=COUNTER_TIMEOUT)
    try:
        cache.incr(key)
    except ValueError:
        cache.add(key, 1, timeout=COUNTER_TIMEOUT)


def record_view(request, article_id: int) -> bool:
    """Count one read of the published article ``article_id`` by ``request``; True when it was counted.

    Not counted: other methods than GET, bots, prefetches, staff, and a reload by the same visitor
    (address + User-Agent) within ``VIEW_COUNT_REPEAT_SECONDS``. May flush the batch (see module doc).
    """
    if request.method != "GET" or _is_prefetch(request) or is_bot(request.headers.get("User-Agent", "")):
        return False
    # Only a request with a session can be staff; asking an anonymous one would mark the page "Vary: Cookie".
    if settings.SESSION_COOKIE_NAME in request.COOKIES and getattr(request, "user", None) and request.user.is_staff:
        return False
    if not cache.add(_visitor_key(request, article_id), 1, timeout=settings.VIEW_COUNT_REPEAT_SECONDS):
        return False
    count_view(article_id)
    maybe_flush()
    return True


def maybe_flush(now: float | None = None) -> int:
    """Flush when ``VIEW_COUNT_FLUSH_EVERY`` views are pending or ``VIEW_COUNT_FLUSH_SECONDS`` have passed.

    Called after a counted view. Never raises: a failing flush keeps its counts in the cache for the next one.
    """
    now = time.time() if now is None else now
    pending = _incr(PENDING_KEY, COUNTER_TIMEOUT)
    if cache.add(LAST_FLUSH_KEY, now, timeout=None):
        last = now
    else:
        last = cache.get(LAST_FLUSH_KEY, now)
    if pending < settings.VIEW_COUNT_FLUSH_EVERY and now - last < settings.VIEW_COUNT_FLUSH_SECONDS:
        return 0
    try:
        return flush_view_counts(now=now)
    except DatabaseError:
        logger.exception("Flushing view counts failed; the counts stay in the cache.")
        return 0


def _take_counts(today: datetime.date) -> dict[tuple[int, datetime.date], int]:
    """Take every pending counter's value out of the cache: {(article id, day): views}."""
    taken = {}
    for offset in range(KEEP_DAYS):
        day = today - datetime.timedelta(days=offset)
        slots = cache.get(_slots_key(day)) or 0
        if not slots:
            continue
        slot_values = cache.get_many([_slot_key(day, number) for number in range(1, slots + 1)])
        article_ids = sorted({value for value in slot_values.values() if value})
        keys = {counter_key(day, article_id): article_id for article_id in article_ids}
        for key, value in cache.get_many(list(keys)).items():
            if not value or value <= 0:
                continue
            try:
                cache.decr(key, value)
            except ValueError:  # expired meanwhile: nothing to take
                continue
            taken[(keys[key], day)] = value
    return taken


def _put_back(taken: dict[tuple[int, datetime.date], int]) -> None:
    for (article_id, day), value in taken.items():
        key = counter_key(day, article_id)
        try:
            cache.incr(key, value)
        except ValueError:
            cache.add(key, value, timeout=COUNTER_TIMEOUT)


def _write(taken: dict[tuple[int, datetime.date], int]) -> None:
    """Add the taken counts to DailyViews and Article.view_count, in one transaction, with F() updates."""
    totals: dict[int, int] = defaultdict(int)
    for (article_id, _day), value in taken.items():
        totals[article_id] += value
    with transaction.atomic():
        existing = set(Article.objects.filter(pk__in=list(totals)).values_list("pk", flat=True))
        for (article_id, day), value in sorted(taken.items()):
            if article_id not in existing:
                continue
            rows = DailyViews.objects.filter(article_id=article_id, day=day)
            if rows.update(views=F("views") + value):
                continue
            try:
                with transaction.atomic():
                    DailyViews.objects.create(article_id=article_id, day=day, views=value)
            except IntegrityError:  # created meanwhile by another flush
                rows.update(views=F("views") + value)
        for article_id, value in sorted(totals.items()):
            if article_id in existing:
                # update(), not save(): the article's "updated" time and version stay as they are.
                Article.objects.filter(pk=article_id).update(view_count=F("view_count") + value)


def flush_view_counts(now: float | None = None) -> int:
    """Move every pending count from the cache to the database; returns the number of views moved.

    Runs one at a time (a cache lock); returns 0 at once when another flush holds the lock.
    """
    if not cache.add(LOCK_KEY, 1, timeout=LOCK_SECONDS):
        return 0
    try:
        taken = _take_counts(site_today())
        if taken:
            try:
                _write(taken)
            except BaseException:
                _put_back(taken)
                raise
        cache.set(PENDING_KEY, 0, timeout=COUNTER_TIMEOUT)
        cache.set(LAST_FLUSH_KEY, time.time() if now is None else now, timeout=None)
        return sum(taken.values())
    finally:
        cache.delete(LOCK_KEY)


def popular_articles(city=None, *, limit: int = 5, days: int = POPULAR_DAYS, today: datetime.date | None = None):
    """The most-read published articles of the last ``days`` days (``DailyViews``), overall or of ``city``.

    One query: published(), optionally for_city(city), ranked by the reads summed over the window.
    """
    since = (today or site_today()) - datetime.timedelta(days=days - 1)
    articles = Article.objects.published()
    if city is not None:
        articles = articles.for_city(city)
    return list(
        articles.filter(daily_views__day__gte=since)
        .annotate(recent_views=Sum("daily_views__views"))
        .filter(recent_views__gt=0)
        .select_related("city")
        .order_by("-recent_views", "-published_at", "-pk")[:limit]
    )
