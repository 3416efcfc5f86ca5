"""Lists of the public site: pages of a queryset, and published articles as cards.

A list page costs the same at a thousand articles and at a million: it reads its own rows and one more (to
know whether a next page exists) and never counts the list; lists stop at ``MAX_PAGES``, so no page skips
over more than that many pages of rows; older articles are reached through the archive by year and month.
Search results, whose number readers are told, are counted, up to the same depth (``BoundedPaginator``).
"""

from django.core.paginator import InvalidPage, Page, Paginator
from django.utils.functional import cached_property

from articles.models import Article

ARTICLES_PER_PAGE = 12
#: How deep a list goes.
MAX_PAGES = 100


class BoundedPaginator(Paginator):
    """A paginator that counts at most ``max_pages`` pages of rows (``capped`` when there are more)."""

    def __init__(self, object_list, per_page, *, max_pages=MAX_PAGES, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.max_pages = max_pages

    @cached_property
    def _seen(self) -> int:
        rows = self.object_list[: self.max_pages * self.per_page + 1]
        # A sliced queryset counts in a subquery: SELECT COUNT(*) FROM (… LIMIT n), read off the index.
        return len(rows) if isinstance(rows, (list, tuple)) else rows.count()

    @cached_property
    def count(self) -> int:
        return min(self._seen, self.max_pages * self.per_page)

    @cached_property
    def capped(self) -> bool:
        """More rows than the pages show."""
        return self._seen > self.max_pages * self.per_page


class UncountedPage(Page):
    """A page that knows whether another follows without the list's length."""

    def __init__(self, object_list, number, paginator, *, has_next: bool):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self):
        return self._has_next

    def next_page_number(self):
        if not self._has_next:
            raise InvalidPage
        return self.number + 1

    def previous_page_number(self):
        if self.number <= 1:
            raise InvalidPage
        return self.number - 1


class UncountedPaginator:
    """Pages of a queryset, each read as its rows and one more; ``capped`` once the last page allowed has more."""

    def __init__(self, object_list, per_page, *, max_pages=MAX_PAGES):
        self.object_list, self.per_page, self.max_pages = object_list, per_page, max_pages
        self.capped = False

    def _number(self, number) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError):
            return 1
        return min(max(number, 1), self.max_pages)

    def _rows(self, number) -> list:
        start = (number - 1) * self.per_page
        return list(self.object_list[start : start + self.per_page + 1])

    def get_page(self, number) -> UncountedPage:
        """Page ``number``; a bad number is page 1, one past the end the last page, never an error."""
        number = self._number(number)
        rows = self._rows(number)
        if not rows and number > 1:
            # Past the end (an old link, a typed number): count, once, to find the last page.
            counted = BoundedPaginator(self.object_list, self.per_page, max_pages=self.max_pages)
            number = counted.num_pages
            rows = self._rows(number)
        more = len(rows) > self.per_page
        self.capped = more and number == self.max_pages
        return UncountedPage(rows[: self.per_page], number, self, has_next=more and not self.capped)


def paginate(request, queryset, per_page, param="page"):
    """A page of ``queryset`` (uncounted); a bad or too-large ``?page=`` gives the nearest valid page."""
    return UncountedPaginator(queryset, per_page, max_pages=MAX_PAGES).get_page(request.GET.get(param))


def paginate_counted(request, queryset, per_page, param="page"):
    """A page of ``queryset`` whose paginator counts the rows, up to ``MAX_PAGES`` pages of them."""
    return BoundedPaginator(queryset, per_page, max_pages=MAX_PAGES).get_page(request.GET.get(param))


def listed(articles):
    """Published articles of a queryset or reverse relation, newest first, with what a card needs."""
    return articles.published().for_listing().newest_first()


def published_articles():
    """Every published article, newest first, with what a card needs."""
    return listed(Article.objects)
