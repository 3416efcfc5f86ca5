"""The agenda (today, upcoming, planned, past) and its iCalendar exports, read with a small RFC 5545 reader."""

import datetime

import pytest
from django.urls import reverse

from cities.models import TimeZone
from tests.factories import make_city, make_event

# --- A tiny iCalendar reader ---------------------------------------------------------------------------


def unfold(text: str) -> list[str]:
    """RFC 5545 3.1: every line ends with CRLF; a line starting with a space continues the previous one."""
    assert text.endswith("\r\n")
    raw = text[:-2].split("\r\n")
    assert all("\n" not in line and "\r" not in line for line in raw)
    assert all(len(line.encode("utf-8")) <= 75 for line in raw)
    lines = []
    for line in raw:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def parse_calendar(text: str) -> list[dict]:
    """VEVENTs as {name: (params, value)}; checks the calendar's frame."""
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    events, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            head, value = line.split(":", 1)
            name, *params = head.split(";")
            current[name] = (params, value)
    return events


def calendar_of(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return parse_calendar(response.content.decode("utf-8"))


# --- The agenda --------------------------------------------------------------------------------------


@pytest.fixture
def agenda(frozen):
    makassar = make_city(name="Kota Makassar", short_name="Makassar", slug="makassar", time_zone=TimeZone.WITA)
    serang = make_city(name="Kota Serang", short_name="Serang", slug="serang")
    events = {
        "today": make_event(name="Rakor hari ini", host_city=serang, starts_on=datetime.date(2024, 3, 1)),
        "running": make_event(
            name="Rakernas berjalan",
            host_city=makassar,
            starts_on=datetime.date(2024, 2, 28),
            ends_on=datetime.date(2024, 3, 2),
            venue="Upperhills; Ballroom, Lantai 2",
            theme="Kota Kita Maju,\nIndonesia Kuat",
        ),
        "later": make_event(name="Munas mendatang", host_city=makassar, starts_on=datetime.date(2024, 5, 1)),
        "past": make_event(name="Rakerwil lalu", host_city=serang, starts_on=datetime.date(2023, 7, 10)),
        "planned": make_event(name="Munas direncanakan", starts_on=None, date_note="pertengahan 2026"),
        "ancient": make_event(name="Munas 2010", host_city=serang, starts_on=datetime.date(2010, 1, 1)),
    }
    events["later"].cities.set([serang])
    return {"makassar": makassar, "serang": serang, **events}


@pytest.mark.django_db
def test_the_agenda_has_today_upcoming_planned_and_past(client, agenda):
    response = client.get(reverse("public:event-list"))
    context = response.context
    assert [e.name for e in context["today_events"]] == ["Rakernas berjalan", "Rakor hari ini"]
    assert [e.name for e in context["upcoming"]] == ["Munas mendatang"]
    assert [e.name for e in context["undated"]] == ["Munas direncanakan"]
    assert [e.name for e in context["page_obj"]] == ["Rakerwil lalu", "Munas 2010"]
    page = response.content.decode()
    assert page.index('id="today-heading"') < page.index('id="upcoming-heading"') < page.index('id="past-heading"')
    assert "Jumat, 1 Maret 2024" in page  # today, in Indonesian


@pytest.mark.django_db
def test_a_city_agenda_has_hosted_and_attended_events(client, agenda):
    response = client.get(reverse("public:city-agenda", kwargs={"slug": "serang"}))
    assert response.status_code == 200
    assert [e.name for e in response.context["today_events"]] == ["Rakor hari ini"]
    assert [e.name for e in response.context["upcoming"]] == ["Munas mendatang"]  # attended, hosted elsewhere
    assert "Rakernas berjalan" not in response.content.decode()
    assert reverse("public:city-ics", kwargs={"slug": "serang"}) in response.content.decode()


@pytest.mark.django_db
def test_an_event_page_shows_the_local_zone_and_the_calendar_link(client, agenda):
    page = client.get(agenda["running"].get_absolute_url()).content.decode()
    assert "WITA" in page
    assert reverse("public:event-ics", kwargs={"slug": agenda["running"].slug}) in page


# --- iCalendar -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_event_calendar_has_all_day_dates_and_escaped_text(client, agenda):
    (event,) = calendar_of(client, reverse("public:event-ics", kwargs={"slug": agenda["running"].slug}))
    assert event["DTSTART"] == (["VALUE=DATE"], "20240228")
    assert event["DTEND"] == (["VALUE=DATE"], "20240303")  # exclusive: the day after the last day
    assert unescape(event["SUMMARY"][1]) == "Rakernas berjalan"
    assert event["LOCATION"][1] == "Upperhills\\; Ballroom\\, Lantai 2\\, Kota Makassar"
    assert unescape(event["DESCRIPTION"][1]).startswith("Kota Kita Maju,\nIndonesia Kuat")
    assert event["URL"][1] == "http://testserver" + agenda["running"].get_absolute_url()
    assert event["UID"][1] == f"event-{agenda['running'].pk}@testserver"
    assert event["DTSTAMP"][1] == "20240301T050000Z"


@pytest.mark.django_db
def test_a_one_day_event_ends_the_next_day(client, agenda):
    (event,) = calendar_of(client, reverse("public:event-ics", kwargs={"slug": agenda["today"].slug}))
    assert (event["DTSTART"][1], event["DTEND"][1]) == ("20240301", "20240302")


@pytest.mark.django_db
def test_city_and_overall_calendars(client, agenda):
    serang = calendar_of(client, reverse("public:city-ics", kwargs={"slug": "serang"}))
    assert [unescape(e["SUMMARY"][1]) for e in serang] == ["Rakerwil lalu", "Rakor hari ini", "Munas mendatang"]
    everything = calendar_of(client, reverse("public:agenda-ics"))
    names = [unescape(e["SUMMARY"][1]) for e in everything]
    assert "Munas direncanakan" not in names  # no date, nothing to put in a calendar
    assert "Munas 2010" not in names  # more than a year ago
    assert len(names) == 4


@pytest.mark.django_db
def test_undated_and_unknown_events_have_no_calendar(client, agenda):
    assert client.get(reverse("public:event-ics", kwargs={"slug": agenda["planned"].slug})).status_code == 404
    assert client.get("/agenda/tidak-ada.ics").status_code == 404
    assert client.get("/kota/tidak-ada/agenda.ics").status_code == 404
    assert client.get(reverse("public:agenda-ics") + "?p=abc").status_code == 404
