"""RSS 2.0 and Atom feeds of published articles: all news, per city, event, tag and official.

Every field is plain text except the body: the lead (or the body's first words) is the description as escaped
text, and the body, cleaned against the allow-list on the way out, is the item's HTML content (RSS
``content:encoded``, Atom ``content``). Each item carries the author (the printed byline, else the desk
city), categories (tags, the desk city, the event), the publication and update times and, when the article
has a hero image, its JPEG share rendition as an enclosure with its length and type. Feeds take no query
parameters: anything but ``utm_*`` tracking parameters is a 404, as are unknown slugs and a tag that no
published article carries.
"""

from html import unescape

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from taggit.models import Tag

from articles.models import Article
from cities.models import City, Event, Official
from images.renditions import share_image

from .seo import date_modified, site_name

FEED_ITEMS = 30


class RssWithContent(Rss201rev2Feed):
    """RSS 2.0 with each article's body as HTML in ``content:encoded``."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", item["content_html"])


class AtomWithContent(Atom1Feed):
    """Atom with each article's body as HTML ``content``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content_html"], {"type": "html"})


class ArticleFeed(Feed):
    """All published articles. Instantiated per request (see ``feed_view``), so it may keep the request."""

    feed_type = RssWithContent
    language = "id"
    ttl = 15

    def __init__(self, request=None):
        super().__init__()
        self.request = request

    def __call__(self, request, *args, **kwargs):
        if any(not key.startswith("utm_") for key in request.GET):
            raise Http404("Feeds take no parameters.")
        self.request = request
        return super().__call__(request, *args, **kwargs)

    # The feed

    def get_object(self, request, *args, **kwargs):
        return None

    def articles(self, obj):
        return Article.objects.published()

    def page_title(self, obj) -> str:
        return _("Latest news")

    def title(self, obj):
        return f"{site_name()}: {self.page_title(obj)}"

    def link(self, obj):
        return obj.get_absolute_url() if obj is not None else reverse("public:article-list")

    def description(self, obj):
        return _("News from the public-relations offices of Indonesian city governments.")

    def items(self, obj):
        return (
            self.articles(obj)
            .select_related("city", "event")
            .prefetch_related("tags")
            .order_by("-published_at", "-pk")[:FEED_ITEMS]
        )

    # Each item

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        # Readers take a description for HTML: escaped, the lead reads as the plain text it is.
        return escape(item.lead or Truncator(" ".join(unescape(strip_tags(item.body)).split())).words(60))

    def item_extra_kwargs(self, item):
        return {"content_html": item.safe_body}

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return date_modified(item)

    def item_author_name(self, item):
        return item.byline or item.city.name

    def item_categories(self, item):
        categories = [tag.name for tag in item.tags.all()] + [item.city.name]
        if item.event_id:
            categories.append(item.event.name)
        return categories

    def item_enclosures(self, item):
        image = share_image(item.hero_image)
        if image is None:
            return []
        try:
            length = image.size
        except OSError:
            return []
        return [Enclosure(self.request.build_absolute_uri(image.url), str(length), image.mime_type)]


class CityFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(City, slug=slug)

    def articles(self, obj):
        return Article.objects.published().for_city(obj)

    def page_title(self, obj):
        return obj.name


class EventFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Event, slug=slug)

    def articles(self, obj):
        return Article.objects.published().filter(event=obj)

    def page_title(self, obj):
        return obj.name


class TagFeed(ArticleFeed):
    def get_object(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        # Like the topic page: a tag only drafts carry stays unseen.
        if not Article.objects.published().filter(tags=tag).exists():
            raise Http404
        return tag

    def articles(self, obj):
        return Article.objects.published().filter(tags=obj)

    def link(self, obj):
        return reverse("public:tag-detail", kwargs={"slug": obj.slug})

    def page_title(self, obj):
        return _("Topic: %(name)s") % {"name": obj.name}


class OfficialFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Official, slug=slug)

    def articles(self, obj):
        return Article.objects.published().filter(mentions__official=obj)

    def page_title(self, obj):
        return obj.full_name


class _Atom:
    feed_type = AtomWithContent

    def subtitle(self, obj):
        return self.description(obj)


FEEDS = {
    "all": ArticleFeed,
    "city": CityFeed,
    "event": EventFeed,
    "tag": TagFeed,
    "official": OfficialFeed,
}


def _atom(feed_class):
    return type(f"Atom{feed_class.__name__}", (_Atom, feed_class), {})


ATOM_FEEDS = {kind: _atom(feed_class) for kind, feed_class in FEEDS.items()}


def feed_view(kind: str, atom: bool = False):
    """A view answering with a new feed object per request (a feed keeps its request for absolute URLs)."""
    feed_class = (ATOM_FEEDS if atom else FEEDS)[kind]

    def view(request, *args, **kwargs):
        return feed_class()(request, *args, **kwargs)

    view.__name__ = f"{kind}_{'atom' if atom else 'rss'}_feed"
    return view
