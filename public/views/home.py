"""Pages of the whole site: the home page and robots.txt."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from articles.counters import popular_articles
from cities.models import City, Event

from .. import seo
from ..lists import published_articles

HOME_ARTICLES = 10
HOME_EVENTS = 5
POPULAR_COUNT = 5


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


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /pratinjau/",
        "Disallow: /cari/",
        "Disallow: /i18n/",
        "",
        f"Sitemap: {seo.absolute(request, reverse('public:sitemap-index'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
