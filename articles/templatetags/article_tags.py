"""Article dates in the desk city's zone, the "updated" and "lead repeated" rules, page links."""

import datetime
from html import unescape

from django import template
from django.utils.html import format_html, strip_tags

from cities.templatetags.city_tags import city_datetime, inferred

register = template.Library()

UPDATE_GRACE = datetime.timedelta(minutes=1)


@register.simple_tag
def published_date(article):
    """Publication date in the desk city's zone with its label (date only when the time is unknown)."""
    if article.published_at is None:
        return ""
    return format_html(
        "{}{}",
        city_datetime(article.published_at, article.city, article.published_time_known),
        inferred(article, "published_at"),
    )


@register.filter
def was_updated(article) -> bool:
    """True when the article was saved again more than a minute after its publication time."""
    if not (article.published_at and article.updated_at):
        return False
    return article.updated_at - article.published_at > UPDATE_GRACE


@register.simple_tag(takes_context=True)
def page_url(context, number, param="page"):
    """The current query string with ``param`` set to ``number`` (keeps the other page parameter)."""
    params = context["request"].GET.copy()
    params[param] = number
    return "?" + params.urlencode()


def _plain(text: str) -> str:
    return " ".join(strip_tags(text).split())


@register.filter
def repeats_lead(article) -> bool:
    """True when the body already opens with the lead, so the page need not print it twice."""
    lead = _plain(article.lead)
    return bool(lead) and _plain(unescape(article.body)).startswith(lead)
