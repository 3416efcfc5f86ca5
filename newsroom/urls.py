from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from staff import views as staff_views

from . import views

urlpatterns = [
    # Password reset by e-mail, with the names Django's admin and e-mail templates look for.
    path(
        "admin/lupa-sandi/",
        staff_views.in_admin(staff_views.PasswordResetView, admin.site),
        name="admin_password_reset",
    ),
    path(
        "admin/lupa-sandi/terkirim/",
        staff_views.in_admin(auth_views.PasswordResetDoneView, admin.site),
        name="password_reset_done",
    ),
    path(
        "admin/sandi-baru/<uidb64>/<token>/",
        staff_views.in_admin(staff_views.PasswordResetConfirmView, admin.site),
        name="password_reset_confirm",
    ),
    path(
        "admin/sandi-baru/selesai/",
        staff_views.in_admin(auth_views.PasswordResetCompleteView, admin.site),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the pages say.
    path("favicon.ico", views.favicon),
    # No CSRF token on the language switch: a token would set a cookie on every public page and keep it out
    # of shared caches, and forging a language change harms no one.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    # Uploaded images on this machine's disk; a proxy in front may serve the folder itself.
    re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", views.media, name="media"),
    path("", include("public.urls")),
]

if settings.BENCHMARK_CEILING:
    urlpatterns.insert(0, path("__ceiling__/<int:size>/", views.benchmark_ceiling))

handler400 = "newsroom.views.bad_request"
handler500 = "newsroom.views.server_error"
