import datetime

import pytest
import time_machine

# The clock of the public-site tests: Jumat, 1 Maret 2024, 12.00 WIB.
NOW = datetime.datetime(2024, 3, 1, 5, 0, tzinfo=datetime.UTC)


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
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": request.node.nodeid}
    }


@pytest.fixture
def frozen():
    """The clock stands still at NOW."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
