"""Public pages for articles: home, the news list, one article, a topic."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from taggit.models import Tag

from cities.models import City, Event
from cities.views import ARTICLES_PER_PAGE, paginate

from .models import Article, AuditEntry, PreviewLink

HOME_ARTICLES = 10
HOME_EVENTS = 5


def published_articles():
    """Published articles, newest first, with what a card needs."""
    return Article.objects.published().for_listing().newest_first()


def home(request):
    """Latest published articles, upcoming and recent events, the member cities."""
    events = Event.objects.with_cities()
    return render(
        request,
        "articles/home.html",
        {
            "articles": published_articles()[:HOME_ARTICLES],
            "upcoming": events.upcoming()[:HOME_EVENTS],
            "recent": events.past()[:HOME_EVENTS],
            "cities": City.objects.all(),
        },
    )


def article_list(request):
    """All published articles, newest first, page by page."""
    return render(
        request, "articles/article_list.html", {"page_obj": paginate(request, published_articles(), ARTICLES_PER_PAGE)}
    )


def article_detail(request, slug):
    """One published article; drafts and scheduled articles are a 404, except as a preview for their staff."""
    articles = Article.objects.select_related("city", "dateline_city", "event").prefetch_related(
        "cities", "tags", "corrections"
    )
    article = articles.published().filter(slug=slug).first()
    if article is None:
        # Staff of the article's city preview it at its real address; everyone else gets the same 404.
        article = get_object_or_404(articles.visible_to(request.user), slug=slug)
        return _preview_response(request, article, reason="staff")
    return render(
        request,
        "articles/article_detail.html",
        {"article": article, "mentions": article.mentions_with_titles(), "related": article.related()},
    )


def preview_link(request, signed):
    """The revision bound to a signed preview link, read-only, for approvers without an account."""
    try:
        link = PreviewLink.from_signed(signed)
    except PreviewLink.DoesNotExist:
        raise Http404 from None
    AuditEntry.record(link.article, AuditEntry.Action.PREVIEW_USED, request.user, link.recipient)
    return _preview_response(request, link.snapshot(), reason="link", link=link)


def _preview_response(request, article, *, reason, link=None):
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "mentions": article.mentions_with_titles(),
            "related": [],
            "preview": reason,
            "preview_link": link,
        },
    )
    # A preview is never cached and never indexed.
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def tag_detail(request, slug):
    """Published articles on one topic; a topic without any is a 404, so draft-only tags stay unseen."""
    tag = get_object_or_404(Tag, slug=slug)
    page = paginate(request, published_articles().filter(tags=tag), ARTICLES_PER_PAGE)
    if not page.paginator.count:
        raise Http404
    return render(request, "articles/tag_detail.html", {"tag": tag, "page_obj": page})
