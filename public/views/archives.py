"""Archives by year and month, overall and per city, by each article's local day (its desk city's zone).

The archive is how readers reach old news (lists stop at ``public.lists.MAX_PAGES``), so it must cost the same
at any size: its navigation probes for years and months that have articles and never counts them.
"""

import calendar
import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from articles.models import Article
from cities.models import City

from ..forms import FIRST_YEAR, LAST_YEAR
from ..lists import ARTICLES_PER_PAGE, paginate


def archive_years(articles) -> list[int]:
    """The local years with articles, newest first, within the years an archive address may name."""
    return [year for year in articles.local_years() if FIRST_YEAR <= year <= LAST_YEAR]


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
    months = base.local_months(year)
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
