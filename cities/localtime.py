"""A city's own time: the one place that turns a moment into a city's wall clock (WIB, WITA, WIT) and a
city's local day into the moments it spans.

Every date shown or filtered by (article pages, archives, search, feeds, sitemaps, JSON-LD, the admin) asks
here, so "12 Juli" means the same day everywhere for an article published at 00:30 WIT.
"""

import datetime
import zoneinfo

from django.db.models import Q
from django.utils import formats, timezone

from .models import TimeZone


def local_moment(moment: datetime.datetime | None, city) -> datetime.datetime | None:
    """``moment`` on ``city``'s wall clock; the site's zone when there is no city."""
    if moment is None:
        return None
    return timezone.localtime(moment, city.zoneinfo) if city is not None else timezone.localtime(moment)


def local_day(moment: datetime.datetime | None, city) -> datetime.date | None:
    """The calendar day ``moment`` falls on in ``city``."""
    local = local_moment(moment, city)
    return local.date() if local else None


def day_start(day: datetime.date, zone: str) -> datetime.datetime:
    """Midnight at the start of ``day`` in ``zone`` (an IANA name such as "Asia/Jayapura")."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=zoneinfo.ZoneInfo(zone))


def at_local(day: datetime.date, time: datetime.time, city) -> datetime.datetime:
    """The moment ``city``'s wall clock shows ``day`` at ``time`` (to the minute)."""
    return datetime.datetime.combine(day, time.replace(second=0, microsecond=0), tzinfo=city.zoneinfo)


def format_local(moment: datetime.datetime | None, city, *, time: bool = True) -> str:
    """A short date (and time) in ``city``'s zone with its label, e.g. "12 Jul 2023 14:30 WITA"."""
    local = local_moment(moment, city)
    if local is None:
        return ""
    day = formats.date_format(local, "DATE_FORMAT")
    if not time:
        return day
    zone = city.zone_abbreviation if city is not None else ""
    return f"{day} {formats.time_format(local, 'H:i')} {zone}".rstrip()


def iso_local(moment: datetime.datetime, city) -> str:
    """ISO 8601 with the city's offset (JSON-LD, news sitemaps): "2023-07-12T14:30:00+08:00"."""
    return local_moment(moment, city).isoformat(timespec="seconds")


def on_local_days_q(first: datetime.date | None, after: datetime.date | None, *, field: str, zone_field: str) -> Q:
    """Rows whose ``field`` falls on the local days ``first`` up to (not including) ``after`` (``None``: no
    bound), each row's day read in the zone named by ``zone_field`` (e.g. ``"city__time_zone"``)."""
    condition = Q()
    envelope = {}  # the same days in every zone at once: a plain range an index on ``field`` can read
    for zone in TimeZone.values:
        bounds = {zone_field: zone}
        if first is not None:
            bounds[f"{field}__gte"] = start = day_start(first, zone)
            envelope[f"{field}__gte"] = min(start, envelope.get(f"{field}__gte", start))
        if after is not None:
            bounds[f"{field}__lt"] = end = day_start(after, zone)
            envelope[f"{field}__lt"] = max(end, envelope.get(f"{field}__lt", end))
        condition |= Q(**bounds)
    return Q(**envelope) & condition


def stamp(moment: datetime.datetime, city) -> str:
    """A language-neutral note of a moment for records (audit notes): "2023-07-12 14:30 WITA"."""
    return local_moment(moment, city).strftime("%Y-%m-%d %H:%M ") + city.zone_abbreviation
