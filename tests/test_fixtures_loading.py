"""The demo fixtures load in one call on an empty database, load again without changing anything, and a malformed
fixture fails loudly and changes nothing."""

import copy
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from taggit.models import Tag

from articles.models import Article, Mention, TaggedArticle
from cities.models import City, Event, EventSpeaker, Official, Position
from tests.factories import DEMO_FIXTURES, load_fixtures

COUNTS = {
    City: 19,
    Official: 13,
    Position: 15,
    Event: 10,
    EventSpeaker: 6,
    Article: 5,
    Mention: 15,
    Tag: 16,
    TaggedArticle: 18,
}


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in COUNTS}


def full_dump() -> str:
    """Every row of every app, with primary keys: a reload must neither add rows nor change values."""
    out = io.StringIO()
    call_command("dumpdata", stdout=out, indent=1)
    return out.getvalue()


# -------------------------------------------------------------------------------- the files themselves


@pytest.mark.parametrize("path", DEMO_FIXTURES, ids=lambda p: p.name)
def test_files_are_natural_key_dumps_without_pks(path):
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, indent=2, ensure_ascii=False) + "\n", "2-space indent, UTF-8, no \\u escapes"
    assert data
    for obj in data:
        assert set(obj) == {"model", "fields"}, f"no pk in {obj['model']}"


def test_the_files_hold_five_articles_and_ten_events():
    models = [obj["model"] for path in DEMO_FIXTURES for obj in json.loads(path.read_text(encoding="utf-8"))]
    assert models.count("articles.article") == 5
    assert models.count("cities.event") == 10


# -------------------------------------------------------------------------------- loading


@pytest.mark.django_db
def test_all_files_load_in_one_call_on_an_empty_database():
    assert all(n == 0 for n in counts().values())
    load_fixtures(*DEMO_FIXTURES)
    assert counts() == {model.__name__: n for model, n in COUNTS.items()}
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.PUBLISHED}
    assert Article.objects.published().count() == 5


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    load_fixtures(*DEMO_FIXTURES)
    before = full_dump()
    versions = dict(Article.objects.values_list("slug", "version"))
    load_fixtures(*DEMO_FIXTURES)
    assert dict(Article.objects.values_list("slug", "version")) == versions, (
        "loaddata bumped Article.version: django-concurrency checks and increments the version on raw saves too"
    )
    assert full_dump() == before
    load_fixtures(*DEMO_FIXTURES)  # and again: a third load must neither fail nor change anything
    assert full_dump() == before
    assert counts() == {model.__name__: n for model, n in COUNTS.items()}


# -------------------------------------------------------------------------------- malformed fixtures


def _objects(path: Path, model: str) -> list[dict]:
    return [obj for obj in json.loads(path.read_text(encoding="utf-8")) if obj["model"] == model]


def _article_copy(**fields):
    obj = copy.deepcopy(_objects(DEMO_FIXTURES[2], "articles.article")[0])
    obj["fields"].update(fields)
    return obj


def _mention_copy(**fields):
    obj = copy.deepcopy(_objects(DEMO_FIXTURES[2], "articles.mention")[0])
    obj["fields"].update(fields)
    return obj


def _unknown_field_copy():
    obj = _article_copy()
    obj["fields"]["headlin"] = "Judul salah ketik"
    return obj


MALFORMED = {
    "dangling-event": (lambda: _article_copy(event=["no-such-event"]), ["articles.article", "no-such-event"]),
    "dangling-city": (lambda: _article_copy(cities=[["serang"], ["atlantis"]]), ["articles.article", "atlantis"]),
    "dangling-position": (
        lambda: _mention_copy(position=["syafrudin", "Raja", "", None]),
        ["articles.mention", "Raja"],
    ),
    "bad-value": (lambda: _article_copy(view_count="banyak"), ["articles.article", "banyak"]),
    "unknown-field": (_unknown_field_copy, ["Article", "headlin"]),
}

NEW_CITY = {
    "model": "cities.city",
    "fields": {"name": "Kota Uji Fixture", "short_name": "Uji Fixture", "slug": "uji-fixture"},
}


def _write_bad(tmp_path, case) -> Path:
    make, _ = MALFORMED[case]
    path = tmp_path / f"bad-{case}.json"
    # A valid new object first: the error must roll it back too.
    path.write_text(json.dumps([NEW_CITY, make()], indent=2, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_fixture_fails_loudly_and_changes_nothing(case, tmp_path):
    load_fixtures(*DEMO_FIXTURES)
    before_counts, before = counts(), full_dump()
    bad = _write_bad(tmp_path, case)
    with pytest.raises(Exception) as caught:  # noqa: B017 - Django raises several types here
        load_fixtures(bad)
    message = str(caught.value)
    for expected in MALFORMED[case][1]:
        assert expected in message, message
    assert counts() == before_counts
    assert not City.objects.filter(slug="uji-fixture").exists()
    assert full_dump() == before


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["dangling-event", "unknown-field"])
def test_a_malformed_file_in_the_same_call_loads_nothing_at_all(case, tmp_path):
    bad = _write_bad(tmp_path, case)
    with pytest.raises(Exception):  # noqa: B017
        load_fixtures(*DEMO_FIXTURES, bad)
    assert all(n == 0 for n in counts().values())
