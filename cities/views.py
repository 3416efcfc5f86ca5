"""Public pages about who and where: cities, events and officials.

This app never imports ``articles``: its articles are reached through the reverse relations
(``city.desk_articles``, ``city.articles``, ``event.articles``, ``official.articles``), whose managers
carry the article queryset's methods, so every list still starts from ``published()``, the one publish rule.
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from .models import City, Event, Official

ARTICLES_PER_PAGE = 12
EVENTS_PER_PAGE = 20
CITIES_PER_PAGE = 60


def paginate(request, queryset, per_page, param="page"):
    """A page of ``queryset``; a bad or too-large ``?page=`` gives the nearest valid page, never an error."""
    return Paginator(queryset, per_page).get_page(request.GET.get(param))


def listed(articles):
    """Published articles of a reverse relation, newest first, with what a card needs."""
    return articles.published().for_listing().newest_first()


def city_list(request):
    """All member cities, alphabetical."""
    page = paginate(request, City.objects.all(), CITIES_PER_PAGE)
    return render(request, "cities/city_list.html", {"page_obj": page})


def city_detail(request, slug):
    """A city's profile, current officials, articles and events."""
    city = get_object_or_404(City, slug=slug)
    # Through the reverse relation: cities never imports articles.
    articles = listed(city.desk_articles.model.objects.for_city(city))
    events = Event.objects.for_city(city).with_cities()
    return render(
        request,
        "cities/city_detail.html",
        {
            "city": city,
            "positions": city.current_positions(),
            "page_obj": paginate(request, articles, ARTICLES_PER_PAGE),
            "events_page": paginate(request, events, EVENTS_PER_PAGE, param="agenda"),
        },
    )


def event_list(request):
    """Upcoming events, planned events without a date, and past events page by page."""
    events = Event.objects.with_cities()
    return render(
        request,
        "cities/event_list.html",
        {
            "upcoming": events.upcoming(),
            "undated": events.undated(),
            "page_obj": paginate(request, events.past(), EVENTS_PER_PAGE),
        },
    )


def event_detail(request, slug):
    """An event with its cities, speakers (titled as at the event), sub-events and articles."""
    event = get_object_or_404(Event.objects.with_cities(), slug=slug)
    speakers = event.speaker_roles.select_related("official", "position__city").prefetch_related(
        "official__positions__city"
    )
    return render(
        request,
        "cities/event_detail.html",
        {
            "event": event,
            "cities": event.cities.all(),
            "children": event.children.with_cities().order_by("starts_on", "name"),
            "speakers": speakers,
            "page_obj": paginate(request, listed(event.articles), ARTICLES_PER_PAGE),
        },
    )


def official_detail(request, slug):
    """An official's positions over time and the published articles that mention them."""
    official = get_object_or_404(Official, slug=slug)
    articles = listed(official.articles)
    return render(
        request,
        "cities/official_detail.html",
        {
            "official": official,
            "positions": official.positions.select_related("city"),
            "page_obj": paginate(request, articles, ARTICLES_PER_PAGE),
        },
    )
