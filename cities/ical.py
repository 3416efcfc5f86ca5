"""iCalendar (RFC 5545) export of events, written by hand.

Events carry dates, not times, so each is an all-day VEVENT with ``VALUE=DATE`` start and an exclusive end
(the day after the last day), which every calendar shows on the right days whatever the reader's zone; no
VTIMEZONE is needed. Text values are escaped (backslash, semicolon, comma, newline) and lines are folded
at 75 octets of UTF-8 without splitting a character; lines end with CRLF. Undated (planned) events are left
out. No dependency: the format needed here is a few dozen lines.
"""

import datetime

from django.utils import timezone

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//APEKSI Newsroom//Agenda//ID"
MAX_OCTETS = 75


def escape_text(value) -> str:
    """RFC 5545 TEXT: backslash, semicolon and comma escaped; every line break as ``\\n``."""
    text = str(value or "")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets; continuation lines start with one space."""
    parts, current, size, limit = [], [], 0, MAX_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1
        current.append(char)
        size += octets
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _date(value: datetime.date) -> str:
    return value.strftime("%Y%m%d")


def _stamp(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(event, *, url: str, uid_domain: str, stamp: datetime.datetime) -> list[str]:
    """The VEVENT of a dated event, unfolded; empty for an undated one."""
    if event.starts_on is None:
        return []
    last_day = event.last_day
    place = event.host_city.name if event.host_city_id else ""
    location = event.venue if place and place in event.venue else ", ".join(p for p in (event.venue, place) if p)
    description = "\n\n".join(part for part in (event.theme, event.organiser, event.description, url) if part)
    lines = [
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@{uid_domain}",
        f"DTSTAMP:{_stamp(stamp)}",
        f"DTSTART;VALUE=DATE:{_date(event.starts_on)}",
        f"DTEND;VALUE=DATE:{_date(last_day + datetime.timedelta(days=1))}",
        f"SUMMARY:{escape_text(event.name)}",
    ]
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    lines.append(f"DESCRIPTION:{escape_text(description)}")
    lines.append(f"CATEGORIES:{escape_text(event.get_kind_display())}")
    lines += [f"URL:{url}", "TRANSP:TRANSPARENT", "END:VEVENT"]
    return lines


def calendar(events, *, name: str, request) -> str:
    """A VCALENDAR with the dated ``events``; URLs are absolute for ``request``'s host."""
    stamp = timezone.now()
    domain = request.get_host().split(":")[0] or "localhost"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += event_lines(
            event, url=request.build_absolute_uri(event.get_absolute_url()), uid_domain=domain, stamp=stamp
        )
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
