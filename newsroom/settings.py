"""Settings for Newsroom, read from the environment.

The defaults run the demo: debug on, an SQLite file beside manage.py.
With DJANGO_DEBUG off the project refuses to start without a real secret key.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-demo-key-only-for-local-debug"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if not DEBUG else "*")

INSTALLED_APPS = [
    "newsroom.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "reversion",
    "concurrency",
    "django_prose_editor",
    "newsroom.apps.TagsConfig",  # django-taggit, named for staff
    "newsroom",
    # The project's apps, each depending only on those above it (tests/test_architecture.py).
    "core",
    "images",
    "cities",
    "staff",
    "articles",
    "wpimport",
    "public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The request id and the client's address, for every log line and the audit log (core/request_context.py).
    "core.request_context.RequestContextMiddleware",
    # Outside the page cache, so stored pages carry the policy too.
    "newsroom.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every page and 304 for a matching If-None-Match / If-Modified-Since, cached pages included.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "newsroom.middleware.IndonesianFirstLocaleMiddleware",
    # Anonymous public pages from the shared cache (public/cache.py); after the language is chosen.
    "public.cache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Old WordPress addresses: read only for a 404 and for /?p=123 (wpimport/middleware.py).
    "wpimport.middleware.OldAddressRedirectMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Which second factor verified this session; then the staff session rules (staff/sessions.py).
    "django_otp.middleware.OTPMiddleware",
    "staff.sessions.StaffSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login throttling: a whole humas office shares one public IP, so lock the pair
# (username, address), never the address alone. Released automatically after the cool-off.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False
# Every failed login is kept (AccessFailureLog), whatever success follows, and logged with its user and address.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_SENSITIVE_PARAMETERS = []
# The same client address as the logs and the audit log, read behind the trusted proxies only.
AXES_CLIENT_IP_CALLABLE = "core.request_context.client_ip"

# How many proxies in front of the application servers add to X-Forwarded-For (nginx: 1; a load balancer in
# front of nginx: 2). The client address is the one the outermost of them saw; 0 trusts no header at all.
NEWSROOM_TRUSTED_PROXIES = int(os.environ.get("DJANGO_TRUSTED_PROXIES", "0"))

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Production keeps each worker's connection open (checked before reuse) instead of one per request.
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0" if DEBUG else "300")),
        conn_health_checks=True,
    )
}
# How long one query of the application servers may run, in seconds (PostgreSQL; deploy/serve.sh sets it
# just under gunicorn's time-out, and runs migrations without it). A request the server gives up on would
# otherwise leave its query running, and such queries starve every page after them.
STATEMENT_TIMEOUT = float(os.environ.get("DJANGO_DB_STATEMENT_TIMEOUT") or 0)
if STATEMENT_TIMEOUT and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"-c statement_timeout={round(STATEMENT_TIMEOUT * 1000)}"
# SQLite (the demo, a small office) has one writer at a time. Each transaction takes the write lock when it
# begins (IMMEDIATE) instead of upgrading a read lock half-way, which SQLite refuses at once with "database is
# locked" when another writer is active; a writer waits up to SQLITE_BUSY_SECONDS for its turn; and in WAL mode
# readers never wait for the writer, nor the writer for readers.
SQLITE_BUSY_SECONDS = float(os.environ.get("DJANGO_SQLITE_BUSY_SECONDS", "20"))
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_BUSY_SECONDS,
            "init_command": "PRAGMA journal_mode=WAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 for new passwords; an older hash is re-hashed with Argon2 at the account's next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# A password-reset link works once and for one hour.
PASSWORD_RESET_TIMEOUT = 3600

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not the city's name with a year, not "humasserang": staff/passwords.py.
    {"NAME": "staff.passwords.ContextWordsValidator"},
]

# Indonesian first; English is the second interface language.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Stored in UTC; each city shows its own zone (WIB, WITA, WIT).
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    # Files appear whole or not at all: a full or read-only disk never leaves half an image (images/storage.py).
    "default": {"BACKEND": "images.storage.AtomicFileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploads: keep big files out of memory and refuse absurd requests early. The text of one form (files not counted)
# may be DJANGO_FORM_TEXT_MAX_MB, about five million characters: a form over it is refused before it is read, so
# its text cannot be kept, and the 400 page says so (newsroom/views.py). Many rows of officials need many fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DJANGO_FORM_TEXT_MAX_MB", "10")) * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
IMAGE_MAX_BYTES = 8 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000

TAGGIT_CASE_INSENSITIVE = True

# Preview links for approvers without an account never live longer than this.
PREVIEW_LINK_MAX_DAYS = 14

LOGIN_URL = "admin:login"
# A staff session lasts a working day at most, counted from the login (staff/sessions.py), and ends sooner
# after this long without activity.
SESSION_COOKIE_AGE = 8 * 3600
STAFF_SESSION_IDLE_SECONDS = int(os.environ.get("DJANGO_STAFF_IDLE_MINUTES", "60")) * 60

# E-mail (password reset): printed on standard output unless an SMTP server is configured.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", EMAIL_PORT == 465)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "newsroom@localhost")

if not DEBUG:
    # Production defaults: HTTPS only, behind a proxy (nginx, a load balancer) that terminates TLS and says so
    # in X-Forwarded-Proto. DJANGO_PLAIN_HTTP turns all of that off at once for a server on this machine only
    # (the demo, the served-site tests, the benchmark); each can also be set on its own.
    HTTPS = not env_bool("DJANGO_PLAIN_HTTP", False)
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", HTTPS)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", HTTPS)
    if SESSION_COOKIE_SECURE:
        # The browser keeps a __Host- cookie only if it came over HTTPS for this exact host and path "/": no
        # subdomain (or a look-alike on the same domain) can set or overwrite a staff session.
        SESSION_COOKIE_NAME = "__Host-sessionid"
    if CSRF_COOKIE_SECURE:
        CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", HTTPS)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(365 * 24 * 3600 if HTTPS else 0)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
    if env_bool("DJANGO_BEHIND_PROXY", HTTPS):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        NEWSROOM_TRUSTED_PROXIES = int(os.environ.get("DJANGO_TRUSTED_PROXIES", "1"))
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

# One JSON line per event on standard output (core/logging.py): time in UTC, request id, client address,
# user and city; the process manager or container keeps the log. Security events (logins, two-factor,
# permission denials, transitions, deletions, rejected uploads, spam holds) are always written.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.logging.JsonLineFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {"newsroom.security": {"level": "INFO"}},
}

# --- public site ---
# Everything below belongs to the public newsroom (search, feeds, sitemaps, view counter, renditions).
#
# The cache holds the view counters (articles/counters.py) and which image renditions exist
# (articles/renditions.py). With REDIS_URL set it is Redis, shared by every worker and the
# flush_view_counts command, so counts survive a worker restart and are flushed from one place.
# Without it, each process has its own local-memory cache: right for the demo and the tests,
# and counts are then flushed by the requests of the process that holds them.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom-pages",
        },
        "shared": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom-shared",
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsroom",
            # The counters must not be culled with the short-lived keys.
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        },
        # The page cache (public/cache.py) must be one for all workers, or a change saved through one worker
        # would not end the pages another keeps: without Redis, files on this machine.
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("DJANGO_PAGE_CACHE_DIR", str(BASE_DIR / "var" / "page-cache")),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
        # What staff's pages tell each other (who has an article open, which autosaving page has closed): one
        # for all workers, or a colleague served by another worker would go unseen.
        "shared": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("DJANGO_SHARED_CACHE_DIR", str(BASE_DIR / "var" / "shared-cache")),
        },
    }

# Name of the publication in feeds, sitemaps, share cards and JSON-LD.
NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "APEKSI Newsroom")
# Two-factor login (staff/two_factor.py): the name authenticator apps show beside the code.
OTP_TOTP_ISSUER = NEWSROOM_SITE_NAME
# Flush counted views to the database after this many views or this many seconds, whichever comes first.
VIEW_COUNT_FLUSH_EVERY = int(os.environ.get("VIEW_COUNT_FLUSH_EVERY", "200"))
VIEW_COUNT_FLUSH_SECONDS = int(os.environ.get("VIEW_COUNT_FLUSH_SECONDS", "300"))
# A reload by the same visitor within this time is not a new read.
VIEW_COUNT_REPEAT_SECONDS = int(os.environ.get("VIEW_COUNT_REPEAT_SECONDS", "1800"))
# Anonymous public pages are kept this long at most (a change of content or a scheduled minute ends them
# sooner; 0 turns the page cache off), and a proxy or CDN in front may keep them this long (s-maxage;
# browsers revalidate every time).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
PAGE_CACHE_PUBLIC_MAX_AGE = int(os.environ.get("PAGE_CACHE_PUBLIC_MAX_AGE", "60"))
# Only for `make bench`: a minimal view at /__ceiling__/<bytes>/ to compare the pages with.
BENCHMARK_CEILING = env_bool("NEWSROOM_BENCHMARK_CEILING", False)
# Links to these domains (and hosts under them) never count as new to the site in the spam check
# (articles/spam.py): government, military and village names, which only those institutions can register, and
# YouTube, where every city's humas publishes its videos (a video in an article becomes a link there).
SPAM_TRUSTED_DOMAINS = env_list("NEWSROOM_SPAM_TRUSTED_DOMAINS", "go.id,mil.id,desa.id,youtube.com,youtu.be")
# Longest search query used; the rest is cut off (and the reader told).
SEARCH_QUERY_MAX_LENGTH = 200
# The admin's search reads this many words of a query at most (each is a condition on every search field), within
# this many characters; the rest is cut off and staff are told (core/admin.py).
ADMIN_SEARCH_MAX_WORDS = 10
ADMIN_SEARCH_MAX_CHARACTERS = 200
