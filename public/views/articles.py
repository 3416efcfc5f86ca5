"""Public pages of articles: the news list, one article (and its previews), a topic.

Every list, related or popular box starts from ``Article.objects.published()``.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date
from taggit.models import Tag

from articles import workflow
from articles.counters import popular_articles, record_view
from articles.models import Article, PreviewLink
from articles.related import related_articles
from images.renditions import share_image

from .. import seo
from ..cache import ARTICLE_HEADER
from ..lists import ARTICLES_PER_PAGE, paginate, published_articles
from .archives import archive_years
from .home import POPULAR_COUNT


def article_list(request):
    """All published articles, newest first, page by page, with the years of the archive."""
    return render(
        request,
        "articles/article_list.html",
        {
            "page_obj": paginate(request, published_articles(), ARTICLES_PER_PAGE),
            "archive_years": archive_years(Article.objects.published()),
        },
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
    url = seo.absolute(request, article.get_absolute_url())
    trail = seo.article_trail(article)
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "mentions": article.mentions_with_titles(),
            "related": related_articles(article),
            "popular": popular_articles(limit=POPULAR_COUNT),
            "share_url": url,
            "share_links": seo.share_links(url, article.headline),
            "share_image": share_image(article.hero_image),
            "breadcrumbs": trail,
            "jsonld": [seo.news_article(request, article), seo.breadcrumbs(request, trail)],
        },
    )
    record_view(request, article.pk)
    # A correction saves the article too, so its time covers everything the article itself says.
    response["Last-Modified"] = http_date(article.updated_at.timestamp())
    # A cached copy of this page counts its reads too (public.cache).
    response[ARTICLE_HEADER] = str(article.pk)
    return response


def preview_link(request, signed):
    """The revision bound to a signed preview link, read-only, for approvers without an account."""
    try:
        link = PreviewLink.from_signed(signed, active=False)
    except PreviewLink.DoesNotExist:
        raise Http404 from None
    if not link.is_active:
        # Whoever holds a genuine link learns only what its sender did: revoked it, or let it run out.
        response = render(request, "articles/preview_ended.html", {"link": link, "city": link.article.city}, status=410)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
    workflow.record_preview_use(link)
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
    if not page.object_list:
        raise Http404
    return render(request, "articles/tag_detail.html", {"tag": tag, "page_obj": page})
