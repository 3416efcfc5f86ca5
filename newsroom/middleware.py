import base64
import hashlib
import re

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class IndonesianFirstLocaleMiddleware(LocaleMiddleware):
    """Indonesian unless the reader chose another language with the switch (the language cookie).

    The browser's Accept-Language is not consulted: a humas office's site speaks Indonesian to everyone
    by default, whatever language the visitor's phone is set to.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


#: What every page may load and run. Public pages run no inline script or style and load nothing from
#: another host, so markup that got past the sanitiser still cannot run, phone home or restyle the page.
_BASE_POLICY = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
PUBLIC_POLICY = {**_BASE_POLICY, "script-src": "'self'", "style-src": "'self'"}
#: The admin's text editor (django-prose-editor) styles its toolbar inline and loads its modules through an
#: inline import map; the map is allowed by its hash, page by page (an import map only names modules, which
#: must still come from this site), inline styles are allowed, inline scripts never.
ADMIN_POLICY = {**_BASE_POLICY, "script-src": "'self'", "style-src": "'self' 'unsafe-inline'"}
_IMPORT_MAP = re.compile(rb'<script type="importmap"[^>]*>(.*?)</script>', re.DOTALL)


def _header(policy: dict) -> str:
    return "; ".join(f"{directive} {sources}" for directive, sources in policy.items())


def _import_map_hashes(response) -> str:
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return ""
    digests = {
        base64.b64encode(hashlib.sha256(found.group(1)).digest()).decode()
        for found in _IMPORT_MAP.finditer(response.content)
    }
    return "".join(f" 'sha256-{digest}'" for digest in sorted(digests))


class ContentSecurityPolicyMiddleware:
    """A Content-Security-Policy on every response that has none (pages from the page cache included)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.public = _header(PUBLIC_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" in response:
            return response
        if request.path_info.startswith("/admin/"):
            policy = {**ADMIN_POLICY, "script-src": ADMIN_POLICY["script-src"] + _import_map_hashes(response)}
            response["Content-Security-Policy"] = _header(policy)
        else:
            response["Content-Security-Policy"] = self.public
        return response
