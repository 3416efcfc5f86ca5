"""What search engines and share previews read: absolute URLs, JSON-LD, share links.

JSON-LD follows schema.org's ``NewsArticle`` and ``BreadcrumbList`` as Google documents them; the publisher
is the desk city's government (a ``GovernmentOrganization``), with its logo when it has one.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from cities.localtime import iso_local
from images.renditions import renditions_for

HEADLINE_MAX = 110


def site_name() -> str:
    return settings.NEWSROOM_SITE_NAME


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def date_modified(article):
    """The later of publication and last save: a scheduled article saved before it went out was not 'updated'."""
    if article.updated_at and article.published_at:
        return max(article.updated_at, article.published_at)
    return article.published_at or article.updated_at


def publisher(request, city) -> dict:
    data = {"@type": "GovernmentOrganization", "name": city.name, "url": absolute(request, city.get_absolute_url())}
    if city.logo:
        data["logo"] = {"@type": "ImageObject", "url": absolute(request, city.logo.url)}
    return data


def image_objects(request, article) -> list[dict]:
    renditions = renditions_for(article.hero_image)
    if renditions is None:
        return (
            [{"@type": "ImageObject", "url": absolute(request, article.hero_image.url)}] if article.hero_image else []
        )
    return [
        {"@type": "ImageObject", "url": absolute(request, r.url), "width": r.width, "height": r.height}
        for r in reversed(renditions.jpeg)
    ][:2]


def description(article) -> str:
    text = article.lead or article.subtitle or article.headline
    return " ".join(text.split())[:300]


def news_article(request, article) -> dict:
    """schema.org NewsArticle for a published article."""
    url = absolute(request, article.get_absolute_url())
    author = (
        {"@type": "Person", "name": article.byline}
        if article.byline
        else {"@type": "GovernmentOrganization", "name": article.city.name}
    )
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline[:HEADLINE_MAX],
        "description": description(article),
        "inLanguage": "id",
        "datePublished": iso_local(article.published_at, article.city),
        "dateModified": iso_local(date_modified(article), article.city),
        "author": [author],
        "publisher": publisher(request, article.city),
        "articleSection": article.city.name,
        "isAccessibleForFree": True,
    }
    images = image_objects(request, article)
    if images:
        data["image"] = images
    keywords = [tag.name for tag in article.tags.all()]
    if keywords:
        data["keywords"] = keywords
    return data


def breadcrumbs(request, trail) -> dict:
    """schema.org BreadcrumbList from ``[(name, path), …]``."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute(request, path)}
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def article_trail(article) -> list[tuple[str, str]]:
    return [
        (_("Home"), reverse("public:home")),
        (article.city.name, article.city.get_absolute_url()),
        (article.headline, article.get_absolute_url()),
    ]


def share_links(url: str, title: str) -> list[dict]:
    """Plain links to each network's own share page: no third-party script on ours."""
    text = f"{title} {url}"
    return [
        {"network": "whatsapp", "name": "WhatsApp", "href": "https://wa.me/?" + urlencode({"text": text})},
        {
            "network": "facebook",
            "name": "Facebook",
            "href": "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        },
        {"network": "x", "name": "X", "href": "https://x.com/intent/tweet?" + urlencode({"url": url, "text": title})},
        {
            "network": "telegram",
            "name": "Telegram",
            "href": "https://t.me/share/url?" + urlencode({"url": url, "text": title}),
        },
    ]
