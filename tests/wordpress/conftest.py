"""Real WordPress exports (``exports/``, made by WordPress itself; ``exports/README.md``) and a helper to run the
import as staff would."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.factories import make_city

EXPORTS = Path(__file__).resolve().parent / "exports"
HUMAS_KOTA = EXPORTS / "humas-kota.xml"
UPLOADS = EXPORTS / "humas-kota-uploads"
PLAIN_PERMALINKS = EXPORTS / "plain-permalinks.xml"


def run_import(export, city="serang", *options) -> str:
    out = io.StringIO()
    call_command("import_wordpress", str(export), "--city", city, *options, stdout=out)
    return out.getvalue()


@pytest.fixture
def cilegon(db):
    return make_city(short_name="Cilegon", name="Kota Cilegon", slug="cilegon")


@pytest.fixture
def uploads(tmp_path):
    """A copy of the old site's uploads folder, which a test may leave incomplete."""
    copy = tmp_path / "uploads"
    shutil.copytree(UPLOADS, copy)
    return copy


@pytest.fixture
def imported(serang, uploads):
    """humas-kota.xml imported into Serang with its uploads; the summary printed."""
    return run_import(HUMAS_KOTA, "serang", "--uploads", str(uploads))


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []
