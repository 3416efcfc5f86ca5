"""Lists of the public site: pages of a queryset, and published articles as cards."""

from django.core.paginator import Paginator

from articles.models import Article

ARTICLES_PER_PAGE = 12


def paginate(request, queryset, per_page, param="page"):
    """A page of ``queryset``; a bad or too-large ``?page=`` gives the nearest valid page, never an error."""
    return Paginator(queryset, per_page).get_page(request.GET.get(param))


def listed(articles):
    """Published articles of a queryset or reverse relation, newest first, with what a card needs."""
    return articles.published().for_listing().newest_first()


def published_articles():
    """Every published article, newest first, with what a card needs."""
    return listed(Article.objects)
