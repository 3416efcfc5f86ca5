"""Archives by year and month, overall and per city, by each article's local day (its desk city's zone)."""

import calendar
import datetime

from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from articles.models import Article
from cities.models import City

from ..forms import FIRST_YEAR, LAST_YEAR
from ..lists import ARTICLES_PER_PAGE, paginate


def archive_years(articles) -> list[dict]:
    """[{"year": 2023, "count": 12}, …], newest first."""
    rows = (
        articles.order_by()
        .with_local_part("year", ExtractYear)
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
    articles = _archive_base(city).published_on_local_days(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    months = [
        {"date": datetime.date(year, row["month"], 1), "count": row["count"]}
        for row in articles.order_by()
        .with_local_part("month", ExtractMonth)
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
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    articles = _archive_base(city).published_on_local_days(first, last)
    page = paginate(request, articles.for_listing().newest_first(), ARTICLES_PER_PAGE)
    if not page.paginator.count:
        raise Http404
    return render(
        request,
        "articles/archive.html",
        {"year": year, "month": first, "city": city, "page_obj": page, "months": None},
    )
