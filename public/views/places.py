"""Public pages of who and where: cities, events (the agenda, with iCalendar export) and officials.

Their article lists start from ``published()``, the one publish rule, through ``public.lists.listed``.
"""

import datetime

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.counters import popular_articles
from articles.models import Article
from cities import ical
from cities.models import City, Event, Official

from ..lists import ARTICLES_PER_PAGE, listed, paginate

EVENTS_PER_PAGE = 20
CITIES_PER_PAGE = 60
CALENDAR_PAST_DAYS = 366


def agenda(events, today: datetime.date | None = None, *, past_page=None) -> dict:
    """Events split into today (running today), upcoming (starting later), undated, and past.

    Days are the site's days (WIB); events carry dates only.
    """
    today = today or timezone.localdate()
    events = events.with_cities()
    running = Q(starts_on=today) | Q(starts_on__lt=today, ends_on__gte=today)
    return {
        "today": today,
        "today_events": events.filter(running).order_by("starts_on", "name"),
        "upcoming": events.filter(starts_on__gt=today).order_by("starts_on", "name"),
        "undated": events.undated(),
        "past": events.past(today),
    }


def city_list(request):
    """All member cities, alphabetical."""
    page = paginate(request, City.objects.all(), CITIES_PER_PAGE)
    return render(request, "cities/city_list.html", {"page_obj": page})


def city_detail(request, slug):
    """A city's profile, current officials, articles, most-read articles and events."""
    city = get_object_or_404(City, slug=slug)
    articles = listed(Article.objects.for_city(city))
    events = Event.objects.for_city(city).with_cities()
    return render(
        request,
        "cities/city_detail.html",
        {
            "city": city,
            "positions": city.current_positions(),
            "page_obj": paginate(request, articles, ARTICLES_PER_PAGE),
            "events_page": paginate(request, events, EVENTS_PER_PAGE, param="agenda"),
            "popular": popular_articles(city),
        },
    )


def city_agenda(request, slug):
    """A city's events: today, upcoming, planned and past (hosted or taken part in)."""
    city = get_object_or_404(City, slug=slug)
    sections = agenda(Event.objects.for_city(city))
    return render(
        request,
        "cities/city_agenda.html",
        {**sections, "city": city, "page_obj": paginate(request, sections["past"], EVENTS_PER_PAGE)},
    )


def event_list(request):
    """Events running today, upcoming, planned without a date, and past events page by page."""
    sections = agenda(Event.objects.all())
    return render(
        request,
        "cities/event_list.html",
        {**sections, "page_obj": paginate(request, sections["past"], EVENTS_PER_PAGE)},
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


# --- iCalendar -------------------------------------------------------------------------------------


def _ics_response(request, events, *, name: str, filename: str) -> HttpResponse:
    if request.GET:
        raise Http404("Calendars take no parameters.")
    response = HttpResponse(ical.calendar(events, name=name, request=request), content_type=ical.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _calendar_events(events):
    """Dated events from a year back onwards: what a subscribed calendar needs."""
    since = timezone.localdate() - datetime.timedelta(days=CALENDAR_PAST_DAYS)
    return (
        events.filter(starts_on__isnull=False)
        .filter(Q(starts_on__gte=since) | Q(ends_on__gte=since))
        .select_related("host_city")
        .order_by("starts_on", "name")
    )


def event_ics(request, slug):
    """One dated event as an .ics file; an undated event has nothing to put in a calendar (404)."""
    event = get_object_or_404(Event.objects.select_related("host_city").filter(starts_on__isnull=False), slug=slug)
    return _ics_response(request, [event], name=event.name, filename=f"{event.slug}.ics")


def city_ics(request, slug):
    """A city's agenda (hosted or taken part in) as a calendar to subscribe to."""
    city = get_object_or_404(City, slug=slug)
    events = _calendar_events(Event.objects.for_city(city))
    return _ics_response(
        request, events, name=_("Agenda of %(city)s") % {"city": city.name}, filename=f"agenda-{city.slug}.ics"
    )


def agenda_ics(request):
    """Every city's agenda as one calendar."""
    return _ics_response(request, _calendar_events(Event.objects.all()), name=_("APEKSI agenda"), filename="agenda.ics")
