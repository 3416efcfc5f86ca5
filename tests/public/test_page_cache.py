"""The page cache: anonymous readers get stored pages, and every change shows on every page at once."""

import datetime

import pytest
import time_machine
from django.core.cache import cache, caches
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from articles import counters, workflow
from articles.models import Article, Mention
from cities.models import Role
from public.cache import NEXT_CHANGE_KEY
from tests.factories import (
    BROWSER,
    NOW,
    client_for,
    make_article,
    make_city,
    make_event,
    make_official,
    staff,
)

pytestmark = pytest.mark.django_db


def page(client, path, **headers):
    return client.get(path, HTTP_USER_AGENT=BROWSER, **headers)


def text(client, path) -> str:
    return page(client, path).content.decode()


def shows_story(client, path) -> bool:
    """The page names the story, by headline or by link (sitemaps, feeds)."""
    content = text(client, path)
    return "Banjir surut" in content or "/berita/banjir-surut/" in content


@pytest.fixture
def site(frozen):
    """A published story with its city, event, official and tag, and a second story on the same topic."""
    city = make_city(name="Kota Serang", short_name="Serang", slug="serang")
    event = make_event(name="Rakornas APEKSI", slug="rakornas", host_city=city, starts_on=datetime.date(2024, 3, 20))
    official = make_official(name="Budi Rahmat", slug="budi-rahmat")
    story = make_article(
        city=city,
        cities=[city],
        event=event,
        tags=["banjir"],
        headline="Banjir surut di Serang",
        slug="banjir-surut",
        published_at=NOW - datetime.timedelta(hours=2),
    )
    Mention.objects.create(article=story, official=official, order=0)
    other = make_article(
        city=city,
        cities=[city],
        tags=["banjir"],
        headline="Posko banjir dibuka",
        slug="posko-banjir",
        published_at=NOW - datetime.timedelta(hours=3),
    )
    redaktur = staff(city, Role.REDAKTUR)
    return {"city": city, "event": event, "official": official, "story": story, "other": other, "redaktur": redaktur}


def pages_of(site, *, with_headlines=False) -> list[str]:
    """Every page that shows the story (or its relations); only those that print headlines if asked."""
    sitemap = [] if with_headlines else [reverse("public:sitemap-section", kwargs={"section": "articles"})]
    return [
        *sitemap,
        reverse("public:home"),
        reverse("public:article-list"),
        reverse("public:archive-month", kwargs={"year": "2024", "month": "03"}),
        reverse("public:city-detail", kwargs={"slug": "serang"}),
        reverse("public:event-detail", kwargs={"slug": "rakornas"}),
        reverse("public:official-detail", kwargs={"slug": "budi-rahmat"}),
        reverse("public:tag-detail", kwargs={"slug": "banjir"}),
        reverse("public:feed-rss"),
        "/berita/posko-banjir/",  # "Baca juga" shows the story
    ]


def test_an_anonymous_page_is_built_once_then_served_without_queries(client, site, django_assert_num_queries):
    first = page(client, "/")
    with django_assert_num_queries(0):
        again = page(client, "/")
    assert again.status_code == 200 and again.content == first.content
    assert set(again["Cache-Control"].split(", ")) == {"public", "max-age=0", "s-maxage=60"}


def test_public_pages_set_no_cookie_and_do_not_vary_by_cookie(client, site):
    for path in ["/", "/berita/banjir-surut/", "/kota/serang/"]:
        response = page(client, path)
        assert not response.cookies, path
        assert "Cookie" not in response.get("Vary", ""), path


def test_staff_never_get_or_leave_a_cached_page(site, django_assert_max_num_queries):
    anonymous = Client()
    page(anonymous, "/")
    redaktur = client_for(site["redaktur"])
    for _ in range(2):
        with django_assert_max_num_queries(50) as queries:
            page(redaktur, "/")
        assert len(queries) > 0


def test_a_reader_with_the_english_switch_gets_english_and_no_shared_copy(client, site):
    page(client, "/")
    english = Client()
    english.cookies["django_language"] = "en"
    response = page(english, "/")
    assert response["Content-Language"] == "en"
    assert "private" in response["Cache-Control"]
    assert page(client, "/")["Content-Language"] == "id"


CHANGES = {
    "unpublish": lambda s: s["story"].unpublish(by=s["redaktur"]),
    "archive": lambda s: s["story"].archive(by=s["redaktur"]),
    "delete": lambda s: workflow.delete(s["story"], by=s["redaktur"]),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_story_taken_off_the_site_leaves_every_cached_page_at_once(client, site, change):
    for path in pages_of(site):
        assert shows_story(client, path), path
    CHANGES[change](site)
    for path in pages_of(site):
        assert not shows_story(client, path), path
    assert page(client, "/berita/banjir-surut/").status_code == 404


def test_a_published_draft_appears_on_every_cached_page_at_once(client, site):
    draft = make_article(
        city=site["city"],
        cities=[site["city"]],
        event=site["event"],
        tags=["banjir"],
        headline="Tanggul baru",
        status=Article.Status.DRAFT,
        published_at=None,
        slug="tanggul-baru",
    )
    Mention.objects.create(article=draft, official=site["official"], order=0)
    assert page(client, "/berita/tanggul-baru/").status_code == 404
    for path in pages_of(site):
        assert "tanggul-baru" not in text(client, path), path
    draft.publish(by=site["redaktur"])
    for path in [*pages_of(site)[:-1], "/berita/tanggul-baru/"]:
        assert "tanggul-baru" in text(client, path), path


def test_an_edit_and_a_correction_show_at_once(client, site):
    for path in pages_of(site, with_headlines=True):
        assert "Banjir akhirnya surut" not in text(client, path), path
    story = site["story"]
    story.headline = "Banjir akhirnya surut di Serang"
    story.save()
    for path in pages_of(site, with_headlines=True):
        assert "Banjir akhirnya surut" in text(client, path), path
    story.correct(by=site["redaktur"], note="Nama kelurahan diperbaiki.")
    assert "Nama kelurahan diperbaiki." in text(client, story.get_absolute_url())


RENAMES = {
    "city": ("city", "short_name", "Serang Baru", ["/", "/kota/serang/", "/berita/banjir-surut/"]),
    "event": ("event", "name", "Rakornas Kedua", ["/agenda/", "/agenda/rakornas/", "/berita/banjir-surut/"]),
    "official": ("official", "name", "Budi Santoso", ["/tokoh/budi-rahmat/", "/berita/banjir-surut/"]),
}


@pytest.mark.parametrize("what", RENAMES)
def test_a_renamed_city_event_or_official_shows_on_cached_pages(client, site, what):
    key, field, new_name, paths = RENAMES[what]
    for path in paths:
        assert new_name not in text(client, path), path
    obj = site[key]
    setattr(obj, field, new_name)
    obj.save()
    for path in paths:
        assert new_name in text(client, path), path


def test_a_renamed_event_shows_in_the_calendar_too(client, site):
    assert "Rakornas Kedua" not in text(client, "/agenda.ics")
    site["event"].name = "Rakornas Kedua"
    site["event"].save()
    assert "Rakornas Kedua" in text(client, "/agenda.ics")


def test_a_new_tag_on_a_story_shows_on_its_cached_tag_page(client, site):
    assert page(client, "/topik/kesehatan/").status_code == 404
    site["story"].tags.add("kesehatan")
    assert "Banjir surut" in text(client, "/topik/kesehatan/")


def test_a_scheduled_story_appears_on_cached_pages_at_its_minute(client, site, django_assert_num_queries):
    with time_machine.travel(NOW, tick=False) as clock:
        story = make_article(
            city=site["city"],
            cities=[site["city"]],
            headline="Pelantikan camat",
            slug="pelantikan",
            status=Article.Status.DRAFT,
            published_at=None,
        )
        story.schedule(by=site["redaktur"], at=NOW + datetime.timedelta(minutes=10))
        assert "Pelantikan camat" not in text(client, "/")
        clock.move_to(NOW + datetime.timedelta(minutes=9, seconds=30))
        waiting = page(client, "/")
        assert "Pelantikan camat" not in waiting.content.decode()
        assert "s-maxage=30" in waiting["Cache-Control"]  # a proxy in front will not keep it past the minute
        clock.move_to(NOW + datetime.timedelta(minutes=10))
        assert "Pelantikan camat" in text(client, "/")
        assert page(client, "/berita/pelantikan/").status_code == 200
        with django_assert_num_queries(0):  # and the pages are kept again afterwards
            assert "Pelantikan camat" in text(client, "/")


def test_reads_of_a_cached_article_are_counted(client, site):
    story = site["story"]
    for visitor in range(1, 4):
        page(Client(), story.get_absolute_url(), REMOTE_ADDR=f"127.0.0.{visitor}")
    page(Client(), story.get_absolute_url(), REMOTE_ADDR="127.0.0.1")  # a reload is not a new read
    assert cache.get(counters.counter_key(counters.site_today(), story.pk)) == 3
    assert "X-Newsroom-Article" not in page(client, story.get_absolute_url())


def test_conditional_requests_get_304(client, site):
    first = page(client, "/berita/banjir-surut/")
    assert first["ETag"] and first["Last-Modified"]
    assert page(client, "/berita/banjir-surut/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert page(client, "/berita/banjir-surut/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    listing = page(client, "/berita/")
    assert page(client, "/berita/", HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304
    feed = page(client, "/rss/")
    assert page(client, "/rss/", HTTP_IF_NONE_MATCH=feed["ETag"]).status_code == 304


def test_previews_and_the_admin_are_never_cached(site):
    draft = make_article(city=site["city"], headline="Draf rahasia", status=Article.Status.DRAFT, published_at=None)
    redaktur = client_for(site["redaktur"])
    assert "Draf rahasia" in text(redaktur, draft.get_absolute_url())
    assert page(Client(), draft.get_absolute_url()).status_code == 404
    link = workflow.issue_preview_link(draft, by=site["redaktur"])
    anonymous = Client()
    assert page(anonymous, link.get_absolute_url()).status_code == 200
    workflow.revoke_preview_link(link, by=site["redaktur"])
    assert page(anonymous, link.get_absolute_url()).status_code == 410  # says it was withdrawn, never the draft


def test_with_the_database_down_stored_pages_are_still_served(site):
    reader = Client(raise_request_exception=False)
    page(reader, "/")
    caches["pages"].delete(NEXT_CHANGE_KEY)  # forgotten meanwhile: it cannot be looked up during the outage

    def unreachable(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    with connection.execute_wrapper(unreachable):
        assert "Banjir surut" in page(reader, "/").content.decode()
        down = page(reader, "/kota/serang/")
    assert down.status_code == 503
    assert down["Retry-After"] == "30"
    assert "Layanan tidak tersedia" in down.content.decode()
