"""The admin speaks Indonesian everywhere staff look: change messages, labels, the tag menu, the icon."""

import re
from pathlib import Path

import django_prose_editor
import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import translation

from articles.revisions import current_fields
from cities.models import Role
from tests.factories import (
    change_data,
    client_for,
    draft,
    html,
    make_article,
    make_city,
    make_official,
    staff,
    url,
    utc,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return make_city(short_name="Serang", slug="serang")


def test_a_change_message_names_the_field_in_indonesian(city):
    editor = staff(city, Role.REDAKTUR)
    article = draft(city, author=editor)
    client = client_for(editor)
    response = client.post(url("change", article.pk), change_data(article, body="<p>Isi yang baru.</p>"))
    assert response.status_code == 302
    message = LogEntry.objects.get(object_id=str(article.pk)).get_change_message()
    assert message.startswith("Isi") and message.endswith("berubah.") and "Body" not in message
    history = html(client.get(url("history", article.pk)))
    assert message in history and "Body" not in history


def test_the_tag_menu_and_the_slug_speak_indonesian(city):
    client = client_for(staff(city, Role.REDAKTUR))
    page = html(client.get(reverse("admin:articles_article_add")))
    assert "Taggit" not in page
    assert "/berita//." not in page and "/berita/banjir-rob-di-kasemen/" in page


def test_a_mention_is_named_in_indonesian(city):
    article = draft(city, headline="Rapat Koordinasi")
    mention = article.mentions.create(official=make_official(name="H. Syafrudin"))
    assert str(mention) == "H. Syafrudin dalam “Rapat Koordinasi”"


def test_every_page_names_its_icon_and_browsers_find_favicon_ico(client, city):
    assert 'rel="icon"' in html(client.get("/"))
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.url.endswith("favicon.ico")


def test_the_revision_comparison_gives_times_in_the_desk_citys_zone(city):
    article = make_article(city=city, published_at=utc(2026, 11, 29, 22, 18))
    with translation.override("id"):
        shown = current_fields(article)["published_at"]
    assert shown.startswith("30 ") and "05" in shown and shown.endswith("WIB") and "+00:00" not in shown


def test_every_string_the_editor_asks_for_is_in_the_javascript_catalogue():
    """The library's own catalogue lists what its dialogs ask for; ours must answer each in Indonesian."""
    library = Path(django_prose_editor.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "djangojs.po"
    ours = Path(settings.LOCALE_PATHS[0]) / "id" / "LC_MESSAGES" / "djangojs.po"
    asked = set(re.findall(r'^msgid "(.+)"$', library.read_text(), re.MULTILINE))
    answered = dict(re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', ours.read_text(), re.MULTILINE))
    assert asked - answered.keys() == set()
