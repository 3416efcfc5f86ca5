"""The page cache: anonymous readers get public pages from the shared cache, and never a stale one.

Correct by construction rather than by bookkeeping: every cached page is filed under the current *content
generation*, and any change to what a page may show (an article, its city, event, officials, tags, a
correction; see ``signals.py``) starts a new generation, so every page is rebuilt on its next request. News
is written a few times an hour and read thousands of times, so rebuilding everything after a change costs
little and can never miss a page.

Time is content too: the generation also ends at the minute the next scheduled article goes live (no job
needed), and a page is never kept past the site's midnight (the agenda's "today").

With the database unreachable, stored pages are still served (the rest is an Indonesian 503 page).

Never stored or served from the cache: anything but GET, a request with a session or messages cookie (staff,
anyone who has logged in or sent a form), the admin, previews, the language switch, and any response that
sets a cookie, varies by cookie or says it is private. Views of a cached article are still counted.
"""

import datetime
import hashlib
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from django.db.models import Min
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control

from articles.counters import record_view
from articles.models import Article

GENERATION_KEY = "pagecache:generation"
NEXT_CHANGE_KEY = "pagecache:next-change"
#: Paths that are never cached: the admin, previews, the language switch, files served elsewhere.
BYPASS_PREFIXES = ("/admin/", "/pratinjau/", "/i18n/", "/media/", "/static/")
CACHEABLE_STATUS = {200, 301, 404}
#: Marks the article a response shows, so a cached copy still counts a read (never sent to the client).
ARTICLE_HEADER = "X-Newsroom-Article"
NO_SCHEDULED = 0.0


def _store():
    """The pages' cache: shared by every worker and server (Redis, or files on a single machine)."""
    return caches["pages"]


def new_generation() -> str:
    """Start a new content generation: every cached page is rebuilt on its next request."""
    generation = uuid.uuid4().hex
    _store().set(GENERATION_KEY, generation, timeout=None)
    _store().delete(NEXT_CHANGE_KEY)
    return generation


def _next_scheduled() -> float | None:
    """The moment the next scheduled article goes live (epoch seconds), NO_SCHEDULED, or None when the
    database cannot say (it is unreachable: stored pages are still served, none is stored)."""
    try:
        moment = Article.objects.scheduled().aggregate(next=Min("published_at"))["next"]
    except DatabaseError:
        return None
    return moment.timestamp() if moment else NO_SCHEDULED


def current_generation(now: float) -> tuple[str, float | None]:
    """(generation, next scheduled publication) for a request at ``now``.

    No page is kept past the next scheduled publication (see ``PageCacheMiddleware``), so at that minute
    every page is rebuilt with the article in it; then the next one is looked up.
    """
    state = _store().get_many([GENERATION_KEY, NEXT_CHANGE_KEY])
    generation, next_change = state.get(GENERATION_KEY), state.get(NEXT_CHANGE_KEY)
    if generation is None:
        generation, next_change = new_generation(), None
    if next_change is None or (next_change and now >= next_change):
        next_change = _next_scheduled()
        if next_change is not None:
            _store().set(NEXT_CHANGE_KEY, next_change, timeout=None)
    return generation, next_change


def _seconds_to_midnight(now: float) -> float:
    local = datetime.datetime.fromtimestamp(now, tz=timezone.get_default_timezone())
    midnight = datetime.datetime.combine(local.date() + datetime.timedelta(days=1), datetime.time.min, local.tzinfo)
    return midnight.timestamp() - now


def _lifetime(now: float, next_change: float | None) -> float:
    """How long a page built now may be kept: never past the next scheduled publication or the site's midnight
    (not at all while that publication is unknown)."""
    if next_change is None:
        return 0
    lifetime = min(settings.PAGE_CACHE_SECONDS, _seconds_to_midnight(now))
    return min(lifetime, next_change - now) if next_change else lifetime


def _is_cacheable_request(request) -> bool:
    return (
        request.method == "GET"
        and not request.path.startswith(BYPASS_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "Authorization" not in request.headers
    )


def _is_cacheable_response(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code in CACHEABLE_STATUS
        and not response.cookies
        and not response.streaming
        and "cookie" not in response.get("Vary", "").lower()
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
    )


def _key(request, generation: str) -> str:
    identity = f"{generation}|{translation.get_language()}|{request.get_host()}|{request.get_full_path()}"
    return "pagecache:page:" + hashlib.sha256(identity.encode()).hexdigest()


class PageCacheMiddleware:
    """Serves and stores anonymous public pages; placed after the language is chosen, before everything else
    that a cached page does not need (CSRF, authentication, messages)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or not _is_cacheable_request(request):
            return self._strip(self.get_response(request))
        now = time.time()
        generation, next_change = current_generation(now)
        lifetime = int(_lifetime(now, next_change))
        key = _key(request, generation)
        stored = _store().get(key)
        if stored is not None:
            return self._public(self._replay(request, stored), lifetime)
        response = self.get_response(request)
        if lifetime >= 1 and _is_cacheable_response(response):
            _store().set(key, self._record(response), timeout=lifetime)
            self._public(response, lifetime)
        return self._strip(response)

    @staticmethod
    def _public(response, lifetime: int):
        # Browsers ask again every time (a 304 when nothing changed); a proxy or CDN in front may keep the page
        # briefly, as it cannot hear of a new generation: never past a scheduled minute, and only in the default
        # language, as the language cookie is not part of a proxy's key.
        if translation.get_language() == settings.LANGUAGE_CODE:
            shared = min(settings.PAGE_CACHE_PUBLIC_MAX_AGE, lifetime)
            patch_cache_control(response, public=True, max_age=0, s_maxage=shared)
        else:
            patch_cache_control(response, private=True, max_age=0)
        return response

    @staticmethod
    def _record(response) -> tuple:
        headers = [(name, value) for name, value in response.items() if name != ARTICLE_HEADER]
        return response.status_code, headers, response.content, response.get(ARTICLE_HEADER)

    @staticmethod
    def _replay(request, stored) -> HttpResponse:
        status, headers, content, article_id = stored
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        if article_id:
            record_view(request, int(article_id))
        return response

    @staticmethod
    def _strip(response):
        if ARTICLE_HEADER in response:
            del response[ARTICLE_HEADER]
        return response
