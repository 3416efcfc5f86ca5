from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from . import views

urlpatterns = [
    path("admin/", admin.site.urls),
    # No CSRF token on the language switch: a token would set a cookie on every public page and keep it out
    # of shared caches, and forging a language change harms no one.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    # Uploaded images on this machine's disk; a proxy in front may serve the folder itself.
    re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", views.media, name="media"),
    path("", include("public.urls")),
]

if settings.BENCHMARK_CEILING:
    urlpatterns.insert(0, path("__ceiling__/<int:size>/", views.benchmark_ceiling))

handler500 = "newsroom.views.server_error"
