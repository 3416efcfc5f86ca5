"""Sitemaps: an index of sections (pages, articles, cities, events, officials, tags) and a Google News
sitemap of the articles published in the last 48 hours. Articles are split into pages of 1,000 by ranges of
ids (``IdRangePaginator``), so no page costs more as the archive grows.

Articles come only from ``Article.objects.published()``; a tag is listed only while a published article
carries it. Bad ``?p=`` values and unknown sections are a 404 (Django's sitemap views).
"""

import datetime

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.db.models import Exists, Max, Min, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from taggit.models import Tag

from articles.models import Article, TaggedArticle
from cities.localtime import iso_local
from cities.models import City, Event, Official

from .seo import date_modified, site_name

NEWS_WINDOW = datetime.timedelta(hours=48)
NEWS_LIMIT = 1000  # Google News reads at most 1,000 URLs per news sitemap.


class PagesSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        return ["public:home", "public:article-list", "public:event-list", "public:city-list"]

    def location(self, item):
        return reverse(item)


class IdRangePaginator:
    """A sitemap's pages as ranges of ids: page *n* lists the items with ids in (low + (n-1)·limit, low + n·limit],
    where ``low`` is just below the lowest id listed.

    Finding a page is a primary-key range scan, and the index needs only the lowest and the highest id, so
    every page and the index cost the same at a thousand articles and at a million (Django's paginator counts
    every row and skips over the earlier pages). A page lists fewer than ``limit`` URLs where ids belong to
    drafts or deleted articles, and may list none: an empty ``urlset`` is still a valid sitemap.
    """

    def __init__(self, queryset, limit: int):
        self.queryset, self.limit = queryset, limit

    @cached_property
    def _span(self) -> tuple[int, int]:
        span = self.queryset.aggregate(low=Min("pk"), high=Max("pk"))
        return (span["low"] - 1, span["high"]) if span["low"] is not None else (0, 0)

    @property
    def num_pages(self) -> int:
        low, high = self._span
        return max(1, -(-(high - low) // self.limit))

    def page(self, number) -> Page:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger from None
        if not 1 <= number <= self.num_pages:
            raise EmptyPage
        first = self._span[0] + (number - 1) * self.limit
        rows = self.queryset.filter(pk__gt=first, pk__lte=first + self.limit).order_by("pk")
        return Page(rows, number, self)


class ArticleSitemap(Sitemap):
    limit = 1000  # as many as a page of the smallest archive holds, so every page costs the same

    def items(self):
        # What a URL and its date need, never the body.
        return Article.objects.published().only("slug", "published_at", "updated_at")

    @cached_property
    def paginator(self):
        return IdRangePaginator(self.items(), self.limit)

    def lastmod(self, item):
        return date_modified(item)

    def get_latest_lastmod(self):
        # Django's default reads every item; the index goes without a date for the article pages.
        return None


class CitySitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return City.objects.order_by("slug")


class EventSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Event.objects.order_by("slug")


class OfficialSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Official.objects.order_by("slug")


class TagSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        # A probe per tag for one published article (never a join over every tagging of the archive).
        published = Article.objects.published().filter(pk=OuterRef("content_object_id"))
        used = TaggedArticle.objects.filter(tag=OuterRef("pk")).filter(Exists(published))
        return Tag.objects.filter(Exists(used)).order_by("slug")

    def location(self, item):
        return reverse("public:tag-detail", kwargs={"slug": item.slug})


class NewsSitemap(Sitemap):
    """Google News: the last 48 hours, with publication name, language, title and time."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            Article.objects.published()
            .filter(published_at__gte=since)
            .select_related("city")
            .order_by("-published_at", "-pk")[:NEWS_LIMIT]
        )

    def lastmod(self, item):
        return date_modified(item)

    def get_latest_lastmod(self):
        return None

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            article = url["item"]
            url["news"] = {
                "name": site_name(),
                "language": "id",
                "title": article.headline,
                "publication_date": iso_local(article.published_at, article.city),
            }
        return urls


SITEMAPS = {
    "pages": PagesSitemap,
    "articles": ArticleSitemap,
    "news": NewsSitemap,
    "cities": CitySitemap,
    "events": EventSitemap,
    "officials": OfficialSitemap,
    "tags": TagSitemap,
}
