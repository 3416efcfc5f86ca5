"""Public pages for articles: home, the news list, archives, one article, a topic, search, robots.txt.

Every list, search result, related or popular box starts from ``Article.objects.published()``.
"""

import datetime
import re
import zoneinfo

from django import forms
from django.db.models import Case, Count, IntegerField, Q, When
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from cities.models import City, Event, TimeZone
from cities.views import ARTICLES_PER_PAGE, listed, paginate

from . import seo
from .counters import popular_articles, record_view
from .models import Article, AuditEntry, PreviewLink
from .related import related_articles
from .renditions import share_image
from .search import attach_snippets, clean_query, search_articles

HOME_ARTICLES = 10
HOME_EVENTS = 5
POPULAR_COUNT = 5
SEARCH_RESULTS_PER_PAGE = 10
FIRST_YEAR, LAST_YEAR = 1900, 2100
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")


def published_articles():
    """Published articles, newest first, with what a card needs."""
    return listed(Article.objects)


def home(request):
    """Latest published articles, the week's most read, upcoming and recent events, the member cities."""
    events = Event.objects.with_cities()
    return render(
        request,
        "articles/home.html",
        {
            "articles": published_articles()[:HOME_ARTICLES],
            "popular": popular_articles(limit=POPULAR_COUNT),
            "upcoming": events.upcoming()[:HOME_EVENTS],
            "recent": events.past()[:HOME_EVENTS],
            "cities": City.objects.all(),
        },
    )


def article_list(request):
    """All published articles, newest first, page by page, with the years of the archive."""
    return render(
        request,
        "articles/article_list.html",
        {
            "page_obj": paginate(request, published_articles(), ARTICLES_PER_PAGE),
            "archive_years": archive_years(Article.objects.published()),
        },
    )


def article_detail(request, slug):
    """One published article; drafts and scheduled articles are a 404, except as a preview for their staff."""
    articles = Article.objects.select_related("city", "dateline_city", "event").prefetch_related(
        "cities", "tags", "corrections"
    )
    article = articles.published().filter(slug=slug).first()
    if article is None:
        # Staff of the article's city preview it at its real address; everyone else gets the same 404.
        article = get_object_or_404(articles.visible_to(request.user), slug=slug)
        return _preview_response(request, article, reason="staff")
    url = seo.absolute(request, article.get_absolute_url())
    trail = seo.article_trail(article)
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "mentions": article.mentions_with_titles(),
            "related": related_articles(article),
            "popular": popular_articles(limit=POPULAR_COUNT),
            "share_url": url,
            "share_links": seo.share_links(url, article.headline),
            "share_image": share_image(article.hero_image),
            "breadcrumbs": trail,
            "jsonld": [seo.news_article(request, article), seo.breadcrumbs(request, trail)],
        },
    )
    record_view(request, article)
    return response


def preview_link(request, signed):
    """The revision bound to a signed preview link, read-only, for approvers without an account."""
    try:
        link = PreviewLink.from_signed(signed)
    except PreviewLink.DoesNotExist:
        raise Http404 from None
    AuditEntry.record(link.article, AuditEntry.Action.PREVIEW_USED, request.user, link.recipient)
    return _preview_response(request, link.snapshot(), reason="link", link=link)


def _preview_response(request, article, *, reason, link=None):
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "mentions": article.mentions_with_titles(),
            "related": [],
            "preview": reason,
            "preview_link": link,
        },
    )
    # A preview is never cached and never indexed.
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def tag_detail(request, slug):
    """Published articles on one topic; a topic without any is a 404, so draft-only tags stay unseen."""
    tag = get_object_or_404(Tag, slug=slug)
    page = paginate(request, published_articles().filter(tags=tag), ARTICLES_PER_PAGE)
    if not page.paginator.count:
        raise Http404
    return render(request, "articles/tag_detail.html", {"tag": tag, "page_obj": page})


# --- Archives by the local date (each article in its desk city's zone) ---------------------------------


def _local_part(extract):
    """The year or month of publication in each article's desk-city zone."""
    return Case(
        *(
            When(city__time_zone=zone, then=extract("published_at", tzinfo=zoneinfo.ZoneInfo(zone)))
            for zone in TimeZone.values
        ),
        output_field=IntegerField(),
    )


def in_local_days(articles, first: datetime.date, after: datetime.date):
    """Articles published from ``first`` to before ``after``, by the date in their desk city's zone."""
    condition = Q()
    for zone in TimeZone.values:
        tz = zoneinfo.ZoneInfo(zone)
        condition |= Q(
            city__time_zone=zone,
            published_at__gte=datetime.datetime.combine(first, datetime.time.min, tzinfo=tz),
            published_at__lt=datetime.datetime.combine(after, datetime.time.min, tzinfo=tz),
        )
    return articles.filter(condition)


def archive_years(articles) -> list[dict]:
    """[{"year": 2023, "count": 12}, …], newest first."""
    rows = (
        articles.order_by()
        .annotate(year=_local_part(ExtractYear))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("-year")
    )
    return [row for row in rows if row["year"]]


def _archive_city(city_slug):
    return get_object_or_404(City, slug=city_slug) if city_slug else None


def _archive_base(city):
    articles = Article.objects.published()
    return articles.for_city(city) if city is not None else articles


def _valid_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return year


def city_archive(request, city_slug):
    """The years of a city's news, with their counts."""
    city = get_object_or_404(City, slug=city_slug)
    return render(
        request,
        "articles/city_archive.html",
        {"city": city, "archive_years": archive_years(Article.objects.published().for_city(city))},
    )


def archive_year(request, year, city_slug=None):
    """A year's articles (by the local date), with its months; an empty year is a 404."""
    year, city = _valid_year(int(year)), _archive_city(city_slug)
    articles = in_local_days(_archive_base(city), datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1))
    months = [
        {"date": datetime.date(year, row["month"], 1), "count": row["count"]}
        for row in articles.order_by()
        .annotate(month=_local_part(ExtractMonth))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
        if row["month"]
    ]
    if not months:
        raise Http404
    page = paginate(request, articles.for_listing().newest_first(), ARTICLES_PER_PAGE)
    return render(
        request,
        "articles/archive.html",
        {"year": year, "months": months, "city": city, "page_obj": page, "month": None},
    )


def archive_month(request, year, month, city_slug=None):
    """A month's articles (by the local date); a month outside 1–12 or without articles is a 404."""
    year, month, city = _valid_year(int(year)), int(month), _archive_city(city_slug)
    if not 1 <= month <= 12:
        raise Http404
    first = datetime.date(year, month, 1)
    after = datetime.date(year + month // 12, month % 12 + 1, 1)
    page = paginate(
        request, in_local_days(_archive_base(city), first, after).for_listing().newest_first(), ARTICLES_PER_PAGE
    )
    if not page.paginator.count:
        raise Http404
    return render(
        request,
        "articles/archive.html",
        {"year": year, "month": first, "city": city, "page_obj": page, "months": None},
    )


# --- Search --------------------------------------------------------------------------------------------


class SlugChoiceField(forms.ModelChoiceField):
    """A choice by slug that refuses anything but a slug before asking the database (no NUL, no junk)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not isinstance(value, str) or not SLUG.fullmatch(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SearchFilterForm(forms.Form):
    """The filters beside the query; the query itself is cleaned by ``articles.search.clean_query``."""

    kota = SlugChoiceField(
        City.objects.order_by("short_name"),
        to_field_name="slug",
        required=False,
        label=_("City"),
        empty_label=_("All cities"),
    )
    acara = SlugChoiceField(
        Event.objects.order_by("-starts_on", "name"),
        to_field_name="slug",
        required=False,
        label=_("Event"),
        empty_label=_("All events"),
    )
    dari = forms.DateField(required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    sampai = forms.DateField(required=False, label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))

    def _check_year(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Give a date between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return value

    def clean_dari(self):
        return self._check_year("dari")

    def clean_sampai(self):
        return self._check_year("sampai")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("dari"), cleaned.get("sampai")
        if start and end and start > end:
            self.add_error("sampai", _("The end date is before the start date."))
            cleaned.pop("sampai", None)
        return cleaned

    def filters(self) -> dict:
        """The valid filters only: a bad value is reported on the form and otherwise ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "city": data.get("kota"),
            "event": data.get("acara"),
            "date_from": data.get("dari"),
            "date_to": data.get("sampai"),
        }


def search(request):
    """Full-text search over published articles, with filters; blank, junk or huge queries get a helpful page."""
    query = clean_query(request.GET.get("q", ""))
    form = SearchFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    active_filters = any(value is not None for value in filters.values())
    page = None
    if not query.is_junk and (not query.is_blank or active_filters):
        page = paginate(request, search_articles(query, **filters), SEARCH_RESULTS_PER_PAGE)
        attach_snippets(page.object_list, query)
    response = render(
        request,
        "articles/search.html",
        {"query": query, "form": form, "page_obj": page, "active_filters": active_filters},
    )
    patch_cache_control(response, private=True)
    return response


# --- robots.txt ----------------------------------------------------------------------------------------


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /pratinjau/",
        "Disallow: /cari/",
        "Disallow: /i18n/",
        "",
        f"Sitemap: {seo.absolute(request, reverse('articles:sitemap-index'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
