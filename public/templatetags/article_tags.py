"""Article dates in the desk city's zone, the "updated" and "lead repeated" rules, page links,
responsive pictures, canonical URLs and JSON-LD."""

import datetime
import json
from html import unescape

from django import template
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

from cities.templatetags.city_tags import city_datetime, inferred
from images.renditions import renditions_for

from ..seo import site_name as _site_name

register = template.Library()

UPDATE_GRACE = datetime.timedelta(minutes=1)
# Characters that could end a <script> element or open a comment inside JSON-LD.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


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
    """The current query string with ``param`` set to ``number`` (keeps the other parameters)."""
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


@register.simple_tag
def site_name():
    return _site_name()


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """``path`` as an absolute URL on the current host."""
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's address without tracking or filter parameters; keeps ``?page=N`` beyond the first page."""
    request = context.get("request")
    if request is None:
        return ""
    page = context.get("page_obj")
    path = request.path
    number = getattr(page, "number", 1)
    if number and number > 1:
        path += f"?page={number}"
    return request.build_absolute_uri(path)


@register.filter
def jsonld(data):
    """``data`` as JSON safe inside <script type="application/ld+json">."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308


@register.simple_tag
def picture(fieldfile, alt, sizes="100vw", loading="lazy", css_class="", priority=False):
    """A <picture> of an image field: WebP and JPEG srcsets at several widths, width and height set.

    ``loading="lazy"`` everywhere except the article hero (``loading="eager"``, ``priority=True``).
    Falls back to the original image while renditions are not available.
    """
    if not fieldfile:
        return ""
    class_attr = format_html(' class="{}"', css_class) if css_class else ""
    loading_attr = format_html(' loading="{}"', loading) if loading == "lazy" else ""
    priority_attr = mark_safe(' fetchpriority="high"') if priority else ""
    renditions = renditions_for(fieldfile)
    if renditions is None:
        return format_html(
            '<img src="{}" alt="{}"{}{}{} decoding="async">',
            fieldfile.url,
            alt,
            class_attr,
            loading_attr,
            priority_attr,
        )
    largest = renditions.largest
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}{}{} decoding="async"></picture>',
        renditions.webp_srcset,
        sizes,
        renditions.fallback.url,
        renditions.jpeg_srcset,
        sizes,
        largest.width,
        largest.height,
        alt,
        class_attr,
        loading_attr,
        priority_attr,
    )
