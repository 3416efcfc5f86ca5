"""The one HTML allow-list for article bodies, applied on every save.

nh3 (Rust's ammonia) parses like a browser, so tricks that fool regex cleaners
(broken tags, encoded ``javascript:`` URLs) do not get through.
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
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_html(html: str) -> str:
    """Return ``html`` reduced to the allow-list; external links get ``rel="nofollow noopener"``."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        # "*": nothing on every tag; ammonia's default would allow lang and title everywhere.
        attributes={"*": set(), **ALLOWED_ATTRIBUTES},
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener",
        strip_comments=True,
    ).strip()
