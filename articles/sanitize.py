"""The one HTML allow-list for article bodies, applied on every save and again whenever a body is shown.

nh3 (Rust's ammonia) parses like a browser, so tricks that fool regex cleaners
(broken tags, encoded ``javascript:`` URLs) do not get through. On top of the allow-list, every URL must lead
where it seems to: a link may not be protocol-relative (``//host``) or use backslashes (``/\\host``), which
browsers resolve to another site, and an image must come from this site, so no reader's browser fetches a
stranger's tracker or a picture the editor never saw.
"""

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "blockquote", "q", "cite", "ul", "ol", "li", "a", "figure", "figcaption", "img",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "hr", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
# Links lead to https: or mailto: addresses, or to this site's own paths. A plain http: link would send readers
# of a government site over a connection anyone on the way can rewrite.
ALLOWED_URL_SCHEMES = {"https", "mailto"}
# What browsers ignore in a URL (the WHATWG URL standard): spaces and control characters around it, tabs and
# newlines inside it.
_AROUND_URLS = "".join(chr(code) for code in range(0x21))
_INSIDE_URLS = {ord("\t"): None, ord("\n"): None, ord("\r"): None}


def as_browsers_read(url: str) -> str:
    """``url`` as a browser reads it: ignored characters removed, backslashes taken for slashes."""
    return url.strip(_AROUND_URLS).translate(_INSIDE_URLS).replace("\\", "/")


def is_off_site_relative(url: str) -> bool:
    """A URL without a scheme that browsers nevertheless send to another host (``//host``, ``/\\host``)."""
    return as_browsers_read(url).startswith("//")


def is_own_image(url: str) -> bool:
    """An image of this site: a path on it, never another host's address."""
    seen = as_browsers_read(url)
    return seen.startswith("/") and not seen.startswith("//")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "href" and is_off_site_relative(value):
        return None
    if tag == "img" and attribute == "src" and not is_own_image(value):
        return None
    return value


def clean_html(html: str) -> str:
    """Return ``html`` reduced to the allow-list; links get ``rel="nofollow ugc noopener noreferrer"``: search
    engines give them no weight (a planted gambling link gains nothing), and the page opened learns nothing
    of this one."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        # "*": nothing on every tag; ammonia's default would allow lang and title everywhere.
        attributes={"*": set(), **ALLOWED_ATTRIBUTES},
        attribute_filter=_filter_attribute,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow ugc noopener noreferrer",
        strip_comments=True,
    ).strip()
