"""Sitemaps: an index of sections (pages, articles, cities, events, officials, tags) and a Google News
sitemap of the articles published in the last 48 hours.

Articles come only from ``Article.objects.published()``; a tag is listed only while a published article
carries it. Bad ``?p=`` values and unknown sections are a 404 (Django's sitemap views).
"""

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
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


class ArticleSitemap(Sitemap):
    limit = 5000

    def items(self):
        return Article.objects.published().select_related("city").order_by("-published_at", "-pk")

    def lastmod(self, item):
        return date_modified(item)

    def get_latest_lastmod(self):
        latest = Article.objects.published().aggregate(updated=Max("updated_at"), published=Max("published_at"))
        values = [value for value in latest.values() if value]
        return max(values) if values else None


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
        used = TaggedArticle.objects.filter(content_object__in=Article.objects.published()).values("tag_id")
        return Tag.objects.filter(pk__in=used).order_by("slug")

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
