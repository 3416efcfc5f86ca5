"""Search at /cari/: published articles only, ranked, highlighted, filtered, paginated; bad queries never fail.

Runs on both databases; the stemming tests run only on PostgreSQL.
"""

import datetime

import pytest
from django.db import connection

from articles.models import Article
from cities.models import City, EventSpeaker, TimeZone
from tests.factories import NOW, make_article, make_city, make_event, make_official, utc

URL = "/cari/"
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")


def results(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    page = response.context["page_obj"]
    return [a.headline for a in page] if page is not None else None


def page(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


# --- Finding, ranking, highlighting ----------------------------------------------------------------


@pytest.mark.django_db
def test_search_finds_only_published_articles_in_every_field(client, frozen):
    city = make_city(name="Kota Tarakan", short_name="Tarakan", slug="tarakan")
    official = make_official(name="Khairul", slug="khairul")
    event = make_event(name="Festival Iraw Tengkayu", slug="iraw")
    make_article(headline="Jembatan baru diresmikan", tags=["infrastruktur"])
    make_article(headline="Anggaran", lead="Jembatan gantung menunggu dana.")
    make_article(headline="Rapat", body="<p>Pembahasan jembatan penghubung.</p>")
    make_article(headline="Kabar Tarakan", city=city)
    make_article(headline="Kabar wali kota", officials=[official])
    make_article(headline="Kabar festival", event=event)
    make_article(headline="Jembatan draf", status=Article.Status.DRAFT, published_at=NOW)
    make_article(headline="Jembatan terjadwal", published_at=NOW + datetime.timedelta(minutes=1))

    found = results(client, q="jembatan")
    assert set(found) == {"Jembatan baru diresmikan", "Anggaran", "Rapat"}
    assert found[0] == "Jembatan baru diresmikan"  # a headline match ranks first
    assert results(client, q="infrastruktur") == ["Jembatan baru diresmikan"]
    assert results(client, q="Tarakan") == ["Kabar Tarakan"]
    assert results(client, q="Khairul") == ["Kabar wali kota"]
    assert results(client, q="Tengkayu") == ["Kabar festival"]


@pytest.mark.django_db
def test_every_word_must_match(client, frozen):
    make_article(headline="Pelayanan publik di kelurahan")
    make_article(headline="Pelayanan kesehatan")
    assert results(client, q="pelayanan kelurahan") == ["Pelayanan publik di kelurahan"]


@pytest.mark.django_db
def test_matches_are_highlighted_and_escaped(client, frozen):
    make_article(
        headline="Banjir <b>rob</b> di pesisir",
        lead="",
        body="<p>Warga pesisir mengungsi karena banjir &amp; angin kencang.</p><script>alert(1)</script>",
    )
    content = page(client, q="banjir")
    assert "<mark>" in content
    assert "<script>alert(1)</script>" not in content
    assert "&lt;b&gt;rob&lt;/b&gt;" in content  # the headline's text, escaped, never markup
    assert "&amp;amp;" not in content  # entities of the body are not escaped twice


@pytest.mark.django_db
def test_results_are_paginated_and_keep_the_query(client, frozen):
    for i in range(25):
        make_article(headline=f"Posyandu {i:02d}")
    response = client.get(URL, {"q": "posyandu"})
    assert response.context["page_obj"].paginator.count == 25
    assert len(response.context["page_obj"]) == 10
    assert 'href="?q=posyandu&amp;page=2"' in response.content.decode()
    assert len(results(client, q="posyandu", page="3")) == 5
    assert len(results(client, q="posyandu", page="abc")) == 10
    assert len(results(client, q="posyandu", page="99999")) == 5


# --- Filters -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_filters_by_city_event_and_local_dates(client, frozen):
    serang = make_city(short_name="Serang", slug="serang")
    makassar = make_city(short_name="Makassar", slug="makassar", time_zone=TimeZone.WITA)
    rakernas = make_event(slug="rakernas")
    make_article(
        headline="Stunting Serang Juli",
        city=serang,
        published_at=utc(2023, 7, 5, 3, 0),
    )
    make_article(
        headline="Stunting Makassar Rakernas",
        city=makassar,
        event=rakernas,
        published_at=utc(2023, 7, 12, 3, 0),
    )
    # 31 July 17.30 UTC is 1 August 00.30 WIB: on 1 August for the site's date filter.
    make_article(
        headline="Stunting Serang Agustus",
        city=serang,
        cities=[serang, makassar],
        published_at=utc(2023, 7, 31, 17, 30),
    )
    assert set(results(client, q="stunting", kota="serang")) == {"Stunting Serang Juli", "Stunting Serang Agustus"}
    assert set(results(client, q="stunting", kota="makassar")) == {
        "Stunting Makassar Rakernas",
        "Stunting Serang Agustus",
    }
    assert results(client, q="stunting", acara="rakernas") == ["Stunting Makassar Rakernas"]
    assert set(results(client, q="stunting", dari="2023-07-01", sampai="2023-07-31")) == {
        "Stunting Serang Juli",
        "Stunting Makassar Rakernas",
    }
    assert results(client, q="stunting", dari="2023-08-01") == ["Stunting Serang Agustus"]
    # Filters alone list every published article that matches them.
    assert results(client, acara="rakernas") == ["Stunting Makassar Rakernas"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"kota": "tidak-ada"},
        {"kota": "\x00"},
        {"kota": "../../etc/passwd"},
        {"acara": "x" * 5000},
        {"dari": "2023-02-31"},
        {"dari": "abc", "sampai": "9999-12-31"},
        {"dari": "0001-01-01"},
        {"dari": "2023-08-01", "sampai": "2023-07-01"},
    ],
)
def test_bad_filters_are_reported_and_ignored(client, frozen, params):
    make_article(headline="Tetap ditemukan")
    response = client.get(URL, {"q": "ditemukan", **params})
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert [a.headline for a in response.context["page_obj"]] == ["Tetap ditemukan"]


# --- Helpful pages for empty, junk, binary and huge queries ------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("query_string", ["", "?q=", "?q=+++", "?q=%00%01", "?q=%ff%fe", "?q=%C0%80", "?page=abc"])
def test_an_empty_query_shows_how_to_search(client, frozen, query_string):
    make_article(headline="Tidak ditampilkan")
    response = client.get(URL + query_string)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="tips-heading"' in content
    assert "Tidak ditampilkan" not in content


@pytest.mark.django_db
def test_a_junk_query_asks_for_a_word(client, frozen):
    response = client.get(URL, {"q": "!!! ### &&&"})
    assert response.status_code == 200
    assert response.context["page_obj"] is None
    assert response.context["query"].is_junk


@pytest.mark.django_db
def test_a_huge_query_is_cut_and_the_reader_told(client, frozen):
    make_article(headline="Rakernas dibuka")
    response = client.get(URL, {"q": "rakernas " + "x" * 10_000})
    assert response.status_code == 200
    assert response.context["query"].truncated
    assert len(response.context["query"].text) <= 200
    assert 'role="status"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("q", ['"kerja sama" -bali', "kerja or sama", "a:*", "'; DROP TABLE x; --", "(((", "<>&"])
def test_query_syntax_never_fails(client, frozen, q):
    make_article(headline="Kerja sama antardaerah")
    assert client.get(URL, {"q": q}).status_code == 200


@pytest.mark.django_db
def test_search_pages_are_not_indexed(client, frozen):
    content = page(client, q="apa")
    assert '<meta name="robots" content="noindex, follow">' in content
    assert 'rel="canonical"' not in content


@pytest.mark.django_db
def test_the_form_fields_are_labelled(client, frozen):
    make_city(slug="serang")
    content = page(client)
    for field in ("search-q", "id_kota", "id_acara", "id_dari", "id_sampai"):
        assert f'for="{field}"' in content and f'id="{field}"' in content, field
    assert 'role="search"' in content


# --- PostgreSQL: stemming and the web search syntax --------------------------------------------------


@pytest.mark.django_db
@postgres_only
def test_pelayanan_finds_melayani_on_postgres(client, frozen):
    make_article(headline="Petugas siap melayani warga")
    make_article(headline="Jalan rusak")
    assert results(client, q="pelayanan") == ["Petugas siap melayani warga"]
    assert "<mark>melayani</mark>" in page(client, q="pelayanan")


@pytest.mark.django_db
@postgres_only
def test_websearch_syntax_on_postgres(client, frozen):
    make_article(headline="Kerja sama Bali")
    make_article(headline="Kerja sama Kalimantan")
    make_article(headline="Sama-sama kerja")
    assert set(results(client, q='"kerja sama" -bali')) == {"Kerja sama Kalimantan"}
    assert set(results(client, q="bali or kalimantan")) == {"Kerja sama Bali", "Kerja sama Kalimantan"}


@pytest.mark.django_db
@postgres_only
def test_speakers_and_themes_do_not_break_name_matching(client, frozen):
    official = make_official(name="Eri Cahyadi", slug="eri")
    event = make_event(name="Rakornas", slug="rakornas", theme="Transformasi digital")
    EventSpeaker.objects.create(event=event, official=official)
    make_article(headline="Kabar Rakornas", event=event)
    assert results(client, q="transformasi digital") == ["Kabar Rakornas"]


@pytest.mark.django_db
def test_the_event_filter_lists_the_latest_events_yet_accepts_any(client):
    old = make_event(name="Rakernas 2010", slug="rakernas-2010", starts_on=datetime.date(2010, 5, 1))
    for n in range(40):
        make_event(starts_on=datetime.date(2023, 1, 1) + datetime.timedelta(days=n))
    make_article(event=old, headline="Rakernas lama")
    page = client.get("/cari/").content.decode()
    languages = 2  # the language switch in the footer
    assert page.count("<option") == 30 + 1 + City.objects.count() + 1 + languages
    assert "rakernas-2010" not in page
    chosen = client.get("/cari/", {"acara": "rakernas-2010"}).content.decode()
    assert "Rakernas lama" in chosen
    assert 'value="rakernas-2010" selected' in chosen
