"""Views of the project itself: uploaded images from the local disk, and the error pages.

Uploads are served here only when they live on this machine's disk (the default storage); a proxy in front
(nginx, see README) may serve ``/media/`` itself and never reach these views.
"""

import posixpath
import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponsePermanentRedirect
from django.template import loader
from django.templatetags.static import static
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.static import serve

#: What the uploads folder holds: re-encoded images and their renditions, nothing else is ever served.
MEDIA_TYPES = {".jpg", ".jpeg", ".png", ".webp"}
#: Upload and rendition names are never reused, so a browser or CDN may keep them for a year.
MEDIA_MAX_AGE = 365 * 24 * 3600
#: How soon a client should try again while the database is unreachable.
RETRY_AFTER_SECONDS = 30


@never_cache
def benchmark_ceiling(request, size):
    """A fixed body of ``size`` bytes through the whole middleware stack: the fastest any page could be on
    this server, for the benchmark to compare with (only routed when ``BENCHMARK_CEILING`` is on)."""
    return HttpResponse(b"x" * min(size, 4 * 1024 * 1024), content_type="text/html; charset=utf-8")


def media(request, path):
    """An uploaded image from ``MEDIA_ROOT`` (Django's file view: safe joins, conditional GETs)."""
    if posixpath.splitext(path)[1].lower() not in MEDIA_TYPES:
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = f"public, max-age={MEDIA_MAX_AGE}, immutable"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@requires_csrf_token
def bad_request(request, exception, template_name="400.html"):
    """The 400 page; for a form over the size limits, what the limit is and what to do (the text it carried cannot
    be kept: Django refuses it before reading it). Rendered without the request, as Django's own error pages."""
    context = {}
    if isinstance(exception, RequestDataTooBig):
        context["too_large_mb"] = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    elif isinstance(exception, TooManyFieldsSent):
        context["too_many_fields"] = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    return HttpResponseBadRequest(loader.get_template(template_name).render(context))


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """The 500 page; a 503 with ``Retry-After`` when the database is unreachable (nothing was saved half)."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = defaults.server_error(request, template_name="503.html")
        response.status_code = 503
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request, template_name)


def favicon(request):
    """The icon at the address browsers ask for, from the static files (hashed and cached in production)."""
    return HttpResponsePermanentRedirect(static("favicon.ico"))
