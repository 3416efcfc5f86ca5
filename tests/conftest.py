"""The fixtures every test package shares: settings for a fast, isolated run, the frozen clock, the cities."""

import pytest
import time_machine

from tests.factories import NOW, make_city


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test land in its own temporary folder; passwords hash fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _login_throttling_off(settings, request):
    """Throttling has its own tests; elsewhere it would only get in the way of ``client.login``."""
    if "throttling" not in request.keywords:
        settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _own_cache(settings, request):
    """A fresh local-memory cache per test: view counters and rendition records never leak between tests."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": request.node.nodeid},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"{request.node.nodeid}-pages",
        },
        "shared": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"{request.node.nodeid}-shared",
        },
    }


@pytest.fixture
def frozen():
    """The clock stands still at ``NOW`` (Jumat, 1 Maret 2024, 12.00 WIB)."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


# --- cities in each of Indonesia's three time zones -------------------------------------------------------------


@pytest.fixture
def serang(db):
    return make_city(short_name="Serang", name="Kota Serang", slug="serang")


@pytest.fixture
def cimahi(db):
    return make_city(short_name="Cimahi", name="Kota Cimahi", slug="cimahi")


@pytest.fixture
def palangka_raya(db):
    return make_city(
        short_name="Palangka Raya",
        name="Kota Palangka Raya",
        slug="palangka-raya",
        province="Kalimantan Tengah",
        time_zone="Asia/Jakarta",
    )


@pytest.fixture
def makassar(db):
    return make_city(
        short_name="Makassar",
        name="Kota Makassar",
        slug="makassar",
        province="Sulawesi Selatan",
        time_zone="Asia/Makassar",
    )


@pytest.fixture
def jayapura(db):
    return make_city(short_name="Jayapura", name="Kota Jayapura", slug="jayapura", time_zone="Asia/Jayapura")


@pytest.fixture
def admin_client(admin_user):
    """pytest-django's superuser client, with the second factor a superuser must have verified."""
    from tests.factories import client_for

    return client_for(admin_user)
