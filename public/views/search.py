"""Search over published articles, with filters by city, event and local day."""

from django.shortcuts import render
from django.utils.cache import patch_cache_control

from articles.search import attach_snippets, clean_query, search_articles

from ..forms import SearchFilterForm
from ..lists import paginate_counted

SEARCH_RESULTS_PER_PAGE = 10


def search(request):
    """Full-text search over published articles, with filters; blank, junk or huge queries get a helpful page."""
    query = clean_query(request.GET.get("q", ""))
    form = SearchFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    active_filters = any(value is not None for value in filters.values())
    page = None
    if not query.is_junk and (not query.is_blank or active_filters):
        page = paginate_counted(request, search_articles(query, **filters), SEARCH_RESULTS_PER_PAGE)
        attach_snippets(page.object_list, query)
    response = render(
        request,
        "articles/search.html",
        {"query": query, "form": form, "page_obj": page, "active_filters": active_filters},
    )
    patch_cache_control(response, private=True)
    return response
