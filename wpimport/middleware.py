"""Old WordPress addresses answer a permanent redirect to their article; normal pages pay nothing for it.

The table is read only for a page that answered 404 (``/2023/07/15/slug/``, ``/slug/``, the old site's own
permalinks) and for the home page asked with WordPress's ``?p=123``. An article that is not public (a draft,
scheduled, on hold) answers 404 like a missing page.
"""

from django.http import Http404, HttpResponsePermanentRedirect

from .models import WordPressPost


class OldAddressRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        wp_post_id = request.GET.get("p", "") if request.path == "/" else ""
        is_old_post = wp_post_id.isascii() and wp_post_id.isdigit() and len(wp_post_id) <= 18
        if request.method in ("GET", "HEAD") and is_old_post:
            redirect = self.redirect(request, wp_post_id=wp_post_id)
            if redirect is not None:
                return redirect
            if WordPressPost.objects.filter(wp_post_id=int(wp_post_id)).exists():
                # An old post that is not public here (a draft, scheduled, held): as WordPress would, a 404.
                raise Http404
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            return self.redirect(request) or response
        return response

    @staticmethod
    def redirect(request, wp_post_id: str | None = None):
        host = request.get_host().split(":")[0]
        if wp_post_id is not None:
            article = WordPressPost.objects.redirect_for(host=host, wp_post_id=int(wp_post_id))
        else:
            query = request.META.get("QUERY_STRING", "")
            path = request.path + (f"?{query}" if query else "")
            article = WordPressPost.objects.redirect_for(host=host, path=path)
            if article is None and not request.path.endswith("/") and not query:
                article = WordPressPost.objects.redirect_for(host=host, path=request.path + "/")
        return HttpResponsePermanentRedirect(article.get_absolute_url()) if article is not None else None
