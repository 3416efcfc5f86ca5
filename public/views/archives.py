"""Archives by year and month, overall and per city, by each article's local day (its desk city's zone).

The archive is how readers reach old news (lists stop at ``public.lists.MAX_PAGES``), so it must cost the same
at any size: its navigation probes for years and months that have articles and never counts them.
"""

import calendar
import datetime
import zoneinfo

from django.db.models import Max, Min
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from articles.models import Article
from cities.models import City, TimeZone

from ..forms import FIRST_YEAR, LAST_YEAR
from ..lists import ARTICLES_PER_PAGE, paginate


def _has_articles(articles, first: datetime.date, last: datetime.date) -> bool:
    """One probe: is anything published on the local days ``first`` to ``last``? (LIMIT 1, off the index)."""
    return articles.published_on_local_days(first, last).exists()


def archive_years(articles) -> list[int]:
    """The local years with articles, newest first.

    Between the first and the last publication, each year is probed for one article: a query per year of the
    archive, each read off the index, instead of grouping every article by year (a count over the whole
    archive, slower with every article published).
    """
    span = articles.order_by().aggregate(first=Min("published_at"), last=Max("published_at"))
    if span["first"] is None:
        return []
    # The years those instants fall in, in any of the zones.
    newest = max(span["last"].astimezone(zoneinfo.ZoneInfo(zone)).year for zone in TimeZone.values)
    oldest = min(span["first"].astimezone(zoneinfo.ZoneInfo(zone)).year for zone in TimeZone.values)
    years = range(min(newest, LAST_YEAR), max(oldest, FIRST_YEAR) - 1, -1)
    return [year for year in years if _has_articles(articles, datetime.date(year, 1, 1), datetime.date(year, 12, 31))]


def archive_months(articles, year: int) -> list[datetime.date]:
    """The first days of the months of ``year`` with articles, in calendar order (a probe per month)."""
    months = [datetime.date(year, month, 1) for month in range(1, 13)]
    return [
        first
        for first in months
        if _has_articles(articles, first, first.replace(day=calendar.monthrange(year, first.month)[1]))
    ]


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
    """The years of a city's news."""
    city = get_object_or_404(City, slug=city_slug)
    return render(
        request,
        "articles/city_archive.html",
        {"city": city, "archive_years": archive_years(Article.objects.published().for_city(city))},
    )


def archive_year(request, year, city_slug=None):
    """A year's articles (by the local date), with its months; an empty year is a 404."""
    year, city = _valid_year(int(year)), _archive_city(city_slug)
    base = _archive_base(city)
    months = archive_months(base, year)
    if not months:
        raise Http404
    articles = base.published_on_local_days(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
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
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    articles = _archive_base(city).published_on_local_days(first, last)
    page = paginate(request, articles.for_listing().newest_first(), ARTICLES_PER_PAGE)
    if not page.object_list:
        raise Http404
    return render(
        request,
        "articles/archive.html",
        {"year": year, "month": first, "city": city, "page_obj": page, "months": None},
    )
