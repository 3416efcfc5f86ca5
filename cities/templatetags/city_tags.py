"""Dates in a city's own time zone, event date ranges and the "inferred" marker."""

import datetime

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext

from ..localtime import local_moment

register = template.Library()

LONG_DATE = "l, j F Y"


@register.simple_tag
def city_datetime(value, city, time_known=True):
    """``<time>`` for ``value`` in ``city``'s zone: "Rabu, 12 Juli 2023, 9.30 WITA", or only the date.

    A simple tag, not a filter on ``date``: that filter would first convert the value
    back to the site's default zone.
    """
    if value is None:
        return ""
    local = local_moment(value, city)
    if not time_known:
        return format_html(
            '<time datetime="{}">{}</time>', local.date().isoformat(), formats.date_format(local, LONG_DATE)
        )
    return format_html(
        '<time datetime="{}">{}, {} {}</time>',
        local.isoformat(timespec="minutes"),
        formats.date_format(local, LONG_DATE),
        formats.time_format(local, "TIME_FORMAT"),
        city.zone_abbreviation,
    )


def _day(value: datetime.date, fmt: str) -> str:
    return formats.date_format(value, fmt)


@register.simple_tag
def event_dates(event):
    """ "Senin, 10 Juli 2023", "10–14 Juli 2023", "28 Juni – 2 Juli 2023", or the date as known."""
    start, end = event.starts_on, event.ends_on
    if start is None:
        return event.date_note or gettext("Date to be announced")
    if end is None or end == start:
        text = _day(start, LONG_DATE)
    elif (start.year, start.month) == (end.year, end.month):
        text = f"{start.day}–{_day(end, 'j F Y')}"
    elif start.year == end.year:
        text = f"{_day(start, 'j F')} – {_day(end, 'j F Y')}"
    else:
        text = f"{_day(start, 'j F Y')} – {_day(end, 'j F Y')}"
    return format_html('<time datetime="{}">{}</time>', start.isoformat(), text)


@register.simple_tag
def inferred(obj, field_name):
    """A small "(estimated)" marker when the source only implies ``field_name``."""
    if obj is None or not obj.is_inferred(field_name):
        return ""
    return format_html(' <span class="inferred">{}</span>', gettext("(estimated)"))
