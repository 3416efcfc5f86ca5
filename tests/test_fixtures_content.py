"""The demo fixtures, built from the five source pages in fixtures/sources/, keep every paragraph, quote and
headline word for word as printed, put each page fact in its own field, and record what the sources only imply."""

import datetime
import html
import re
import zoneinfo

import pytest

from articles.models import Article, TaggedArticle
from articles.sanitize import clean_html
from cities.models import City, Event, Official, Position
from tests.factories import DEMO_FIXTURES, load_fixtures

SOURCES = DEMO_FIXTURES[0].parent / "sources"

SLUG = {
    "000": "ikut-rakernas-apeksi-2023-pemkot-serang-akan-ciptakan-tata-kelola-pemerintahan-yang-baik",
    "001": "walikota-hadiri-apeksi-sharing-session-kedua-di-bali",
    "002": "kota-sangat-inovatif-menjadi-target-pemkot-tahun-2023",
    "003": "gelar-rakor-kewilayahan-pemkot-cimahi-perkuat-koordinasi-dan-bahas-masalah-di-tingkat-kelurahan-kecamatan",
    "004": "wagub-kalteng-dorong-apeksi-tingkatkan-kerja-sama-antar-daerah",
}
SOURCE_OF = {slug: number for number, slug in SLUG.items()}

JUNK = [
    "Logo loader",
    "Letter loader",
    "banner 740x400",
    "banner",
    "Click to rate this post!",
    "[Total: 1 Average: 5]",
    ", , , ,",
    "Bagikan:",
    "Baca juga",
    "loading...",
    "Loading...",
    'height="100%"',
    "**",
    "(Foto",
    "Humpro TPI",
    "(ANTARA",
    "Muhammad Arif Hidayat",
    "FD/Fakhri",
    "Rano Hardiana",
    "kali dilihat",
    "Sumber:",
    "Setda Kota Serang",
    "Kota Serang terdiri dari 6 kecamatan dan 67 kelurahan.",
    "SIJORIKEPRI",
    "CIMAHI.-",
    "SERANG -",
    "Palangka Raya (ANTARA)",
    "id Pemprov kalteng",
    "&nbsp;",
    "\u00a0",
]


def ws(text: str) -> str:
    """Whitespace normalisation only (runs of whitespace, no-break spaces included, become one space)."""
    return re.sub(r"\s+", " ", text).strip()


def source_text(slug: str) -> str:
    (path,) = SOURCES.glob(f"{SOURCE_OF[slug]}_*.txt")
    return ws(path.read_text(encoding="utf-8"))


def paragraphs(body: str) -> list[str]:
    return [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", body, flags=re.S)]


@pytest.fixture
def loaded(db):
    """The demo fixtures, loaded; the tests below walk their rows, so an empty load must not pass them."""
    load_fixtures(*DEMO_FIXTURES)
    assert Article.objects.count() == 5 and Position.objects.exists() and City.objects.exists()


# -------------------------------------------------------------------------------- bodies: clean and verbatim


def test_bodies_are_clean_paragraphs_without_page_junk(loaded):
    for article in Article.objects.all():
        body = article.body
        assert body == clean_html(body), article.slug
        assert re.fullmatch(r"<p>[^<>]+</p>(\n<p>[^<>]+</p>)*", body), article.slug
        for junk in JUNK:
            assert junk not in body, (article.slug, junk)
        assert article.headline not in body
        if article.dateline:
            assert article.dateline not in body
        if article.hero_caption:
            assert article.hero_caption not in body
        for paragraph in paragraphs(body):
            assert paragraph == paragraph.strip() and "  " not in paragraph


def test_every_paragraph_is_printed_word_for_word_in_its_source(loaded):
    for article in Article.objects.all():
        source = source_text(article.slug)
        found = paragraphs(article.body)
        assert len(found) >= 9
        for paragraph in found:
            assert ws(paragraph) in source, (article.slug, paragraph[:80])


def test_paragraphs_follow_the_source_order_and_none_is_left_out(loaded):
    expected = {"000": 9, "001": 11, "002": 11, "003": 12, "004": 10}
    for article in Article.objects.all():
        source = source_text(article.slug)
        positions = [source.index(ws(p)) for p in paragraphs(article.body)]
        assert positions == sorted(positions), article.slug
        assert len(positions) == expected[SOURCE_OF[article.slug]]


def test_every_quote_is_printed_in_its_source(loaded):
    quotes = 0
    for article in Article.objects.all():
        source = source_text(article.slug)
        for paragraph in paragraphs(article.body):
            for quote in re.findall(r"\"[^\"]+\"|“[^”]+”", paragraph):
                quotes += 1
                assert ws(quote) in source, (article.slug, quote[:80])
    assert quotes >= 20


def test_the_source_spelling_is_kept(loaded):
    rakernas = Article.objects.get(slug=SLUG["000"])
    assert 'mengusung tema"Kota Kita Maju, Indonesia Kita Kuat", yang' in rakernas.body
    assert "Karena menurutnya pelaksaan Rakernas" in rakernas.body
    bali = Article.objects.get(slug=SLUG["001"])
    assert "tipikal Tanjungpinang dirasa perlu .</p>" in bali.body
    assert "“Tujuan dari diselenggarakannya" in bali.body


def test_headlines_and_leads_are_verbatim(loaded):
    for article in Article.objects.all():
        source = source_text(article.slug)
        assert ws(article.headline) in source
        assert article.slug == SLUG[SOURCE_OF[article.slug]]
        assert article.lead and ws(article.lead) in source
        assert paragraphs(article.body)[0].startswith(article.lead)
        if article.subtitle:
            assert ws(article.subtitle) in source


# -------------------------------------------------------------------------------- page facts in their own fields


def test_page_facts_are_in_their_own_fields(loaded):
    a000, a001, a002, a003, a004 = (Article.objects.get(slug=SLUG[n]) for n in sorted(SLUG))
    assert (a000.dateline, a000.source_line, a000.dateline_city.slug) == (
        "SERANG",
        "Sumber: Setda Kota Serang",
        "serang",
    )
    assert a001.dateline == "SIJORIKEPRI.COM, TANJUNGPINANG"
    assert a001.subtitle == "Selain Berbagi Pengalaman, Turut Dibahas Penghapusan Eselon 3 dan 4."
    assert a001.hero_credit == "Humpro TPI"
    assert a001.hero_caption.startswith("Walikota Tanjungpinang, H. Syahrul bersama Walikota lainnya")
    assert a001.byline == "FD/Fakhri"
    assert "'oleh'" in a001.source_note
    assert a002.dateline == ""
    assert (a003.dateline, a003.byline, a003.view_count) == ("CIMAHI", "Rano Hardiana", 2444)
    assert a004.dateline == "Palangka Raya (ANTARA)"
    assert a004.hero_credit == "ANTARA/Muhammad Arif Hidayat"
    for article in (a000, a001, a002, a003, a004):
        assert not article.hero_image
        assert article.published_time_known is False

    serang = City.objects.get(slug="serang")
    assert (serang.name, serang.short_name, serang.kecamatan_count, serang.kelurahan_count) == (
        "Kota Serang",
        "Serang",
        6,
        67,
    )


def test_desk_cities_and_cities_concerned(loaded):
    desk = {SOURCE_OF[a.slug]: a.city.slug for a in Article.objects.select_related("city")}
    assert desk == {"000": "serang", "001": "tanjungpinang", "002": "serang", "003": "cimahi", "004": "palangka-raya"}
    bali = Article.objects.get(slug=SLUG["001"])
    assert {c.slug for c in bali.cities.all()} == {
        "tanjungpinang",
        "yogyakarta",
        "tangerang-selatan",
        "denpasar",
        "manado",
        "bogor",
        "ternate",
    }
    kalteng = Article.objects.get(slug=SLUG["004"])
    assert kalteng.cities.count() == 9


def test_published_at_is_the_printed_date_at_local_midnight(loaded):
    expected = {
        "000": datetime.date(2023, 7, 12),
        "001": datetime.date(2020, 1, 17),
        "002": datetime.date(2022, 10, 19),
        "003": datetime.date(2023, 9, 14),
        "004": datetime.date(2022, 10, 20),
    }
    for article in Article.objects.select_related("city"):
        local = article.local_published_at
        assert local.date() == expected[SOURCE_OF[article.slug]]
        assert local.time() == datetime.time(0, 0)
        assert article.created_at == article.published_at == article.updated_at
    # Rabu (19/10): 19 October 2022 was a Wednesday.
    assert datetime.date(2022, 10, 19).weekday() == 2


def test_tags_printed_on_page_004_are_kept_as_printed(loaded):
    kalteng = Article.objects.get(slug=SLUG["004"])
    names = list(
        TaggedArticle.objects.filter(content_object=kalteng).order_by("pk").values_list("tag__name", flat=True)
    )
    assert names == [
        "Pemprov kalteng",
        "apeksi regional kalimantan",
        "wagub kalteng",
        "edy pratowo",
        "asosiasi pemerintah kota seluruh indonesia",
        "pemkot palangka raya",
        "wali kota f",
    ]
    assert "'wali kota f'" in kalteng.source_note and "truncated" in kalteng.source_note
    for article in Article.objects.exclude(pk=kalteng.pk):
        assert article.tags.exists()
        assert "Tags are editorial" in article.source_note


# -------------------------------------------------------------------------------- officials and positions


def test_bima_arya_is_named_by_the_position_of_each_story(loaded):
    def title_in(number):
        article = Article.objects.get(slug=SLUG[number])
        return {official.slug: title for official, title in article.mentions_with_titles()}["bima-arya"]

    assert title_in("001") == "Wali Kota Bogor"
    assert title_in("000") == "Ketua Umum APEKSI"
    assert Position.objects.filter(official__slug="bima-arya").count() == 2


def test_mentions_follow_the_order_of_the_body(loaded):
    for article in Article.objects.all():
        text = " ".join(paragraphs(article.body))
        mentions = list(article.mentions.select_related("official", "position"))
        assert mentions, article.slug
        first_seen = [text.index(mention.official.name) for mention in mentions]
        assert first_seen == sorted(first_seen), article.slug
        assert all(mention.position_id for mention in mentions)


def test_titles_as_named(loaded):
    titles = {
        (official.slug, title)
        for article in Article.objects.all()
        for official, title in article.mentions_with_titles()
    }
    assert {
        ("syafrudin", "Wali Kota Serang"),
        ("airin-rachmi-diany", "Wali Kota Tangerang Selatan"),
        ("syahrul", "Wali Kota Tanjungpinang"),
        ("ida-nagus-rai-dharmawijaya", "Wali Kota Denpasar"),
        ("vicky-lumentut", "Wali Kota Manado"),
        ("alwis-rustam", "Sekretaris Direktur Eksekutif APEKSI"),
        ("m-ridwan", "Kepala Bappeda Kota Serang"),
        ("dikdik-s-nugrahawan", "Pj. Wali Kota Cimahi"),
        ("edy-pratowo", "Wakil Gubernur Kalimantan Tengah"),
        ("fairid-naparin", "Wali Kota Palangka Raya"),
    } <= titles
    syahrul = Official.objects.get(slug="syahrul")
    assert syahrul.full_name == "H. Syahrul, S.Pd"
    assert Official.objects.get(slug="airin-rachmi-diany").honorific_prefix == "Hj."
    assert Official.objects.get(slug="syafrudin").honorific_prefix == "H."
    dikdik = Position.objects.get(official__slug="dikdik-s-nugrahawan")
    assert (dikdik.title, dikdik.tenure) == ("Wali Kota", Position.Tenure.ACTING)


def test_positions_have_no_invented_dates_and_say_what_attests_them(loaded):
    for position in Position.objects.all():
        assert position.starts_on is None and position.ends_on is None
        assert "Attested by 00" in position.source_note


def test_doubtful_names_are_kept_and_noted(loaded):
    assert "Ida Bagus" in Official.objects.get(slug="ida-nagus-rai-dharmawijaya").source_note
    assert "truncated" in Official.objects.get(name="Hajar Diantoro").source_note
    assert "truncated" in Official.objects.get(name="Andi Sudirman Sulai").source_note
    assert "Sekretaris Direktur Eksekutif Apeksi" in Position.objects.get(official__slug="alwis-rustam").source_note


# -------------------------------------------------------------------------------- events


def test_events(loaded):
    rakernas = Event.objects.get(slug="rakernas-xvi-apeksi-2023")
    assert (rakernas.kind, rakernas.edition, rakernas.theme) == (
        "rakernas",
        "XVI",
        "Kota Kita Maju, Indonesia Kita Kuat",
    )
    assert (rakernas.starts_on, rakernas.ends_on) == (datetime.date(2023, 7, 10), datetime.date(2023, 7, 14))
    assert rakernas.host_city.slug == "makassar" and rakernas.is_inferred("host_city")
    assert "88 Wali Kota" in rakernas.description
    opening = Event.objects.get(slug="pembukaan-rakernas-xvi-apeksi-2023")
    assert (opening.parent, opening.starts_on) == (rakernas, datetime.date(2023, 7, 12))

    session = Event.objects.get(slug="apeksi-sharing-session-ii-2020")
    assert (session.host_city.slug, session.starts_on) == ("denpasar", datetime.date(2020, 1, 17))
    assert session.venue == "Grand Inna Sanur Beach, Bali"
    assert [s.title for s in session.speaker_roles.all()] == [
        "Wali Kota Bogor",
        "Wali Kota Denpasar",
        "Wali Kota Manado",
    ]

    munas = Event.objects.get(slug="munas-apeksi-vi")
    assert munas.starts_on is None and munas.date_note == "pertengahan 2020" and munas.is_inferred("date_note")
    assert munas.host_city.slug == "tangerang-selatan"
    assert Event.objects.get(slug="apeksi-sharing-session-iii").host_city.slug == "ternate"
    assert Event.objects.get(slug="rapat-dewan-pengurus-apeksi-2019").date_note == "2019"

    sosialisasi = Event.objects.get(slug="sosialisasi-lomba-kreativitas-dan-inovasi-kota-serang-2022")
    assert sosialisasi.parent.kind == "lomba" and sosialisasi.parent.starts_on is None
    assert sosialisasi.starts_on == datetime.date(2022, 10, 19) and sosialisasi.is_inferred("starts_on")

    rakor = Event.objects.get(slug="rakor-kewilayahan-pemkot-cimahi")
    assert rakor.starts_on is None and "not printed" in rakor.source_note
    assert [s.title for s in rakor.speaker_roles.all()] == ["Pj. Wali Kota Cimahi"]

    rakerwil = Event.objects.get(slug="rakerwil-apeksi-regional-kalimantan-2022")
    assert (rakerwil.kind, rakerwil.starts_on) == ("rakerwil", datetime.date(2022, 10, 20))
    assert rakerwil.theme == "Sumber Daya Manusia (SDM) Aparatur Kunci Sukses Pembangunan dan Pelayanan Publik"
    assert not rakerwil.cities.exists()


def test_inferred_markers(loaded):
    a002 = Article.objects.get(slug=SLUG["002"])
    assert a002.is_inferred("published_at") and "19 October 2022 is a Wednesday" in a002.source_note
    for number in ("000", "001", "004"):
        assert Article.objects.get(slug=SLUG[number]).is_inferred("published_at")
    assert not Article.objects.get(slug=SLUG["003"]).is_inferred("published_at")
    assert City.objects.get(slug="makassar").province == "Sulawesi Selatan"
    assert not City.objects.get(slug="makassar").is_inferred("province")
    assert City.objects.get(slug="serang").is_inferred("province")
    for city in City.objects.all():
        assert city.is_inferred("time_zone") and city.source_note


# -------------------------------------------------------------------------------- cities


def test_cities_time_zones_and_commissariat(loaded):
    zones = dict(City.objects.values_list("slug", "time_zone"))
    assert zones["ternate"] == "Asia/Jayapura"
    wita = {
        "makassar",
        "denpasar",
        "manado",
        "banjarbaru",
        "banjarmasin",
        "samarinda",
        "bontang",
        "balikpapan",
        "tarakan",
    }
    assert {slug for slug, zone in zones.items() if zone == "Asia/Makassar"} == wita
    assert {slug for slug, zone in zones.items() if zone == "Asia/Jakarta"} == set(zones) - wita - {"ternate"}
    for zone in set(zones.values()):
        zoneinfo.ZoneInfo(zone)
    kalimantan = set(
        City.objects.filter(apeksi_commissariat="Komisariat Wilayah V (Regional Kalimantan)").values_list(
            "slug", flat=True
        )
    )
    assert kalimantan == {
        "palangka-raya",
        "banjarbaru",
        "banjarmasin",
        "pontianak",
        "singkawang",
        "samarinda",
        "bontang",
        "balikpapan",
        "tarakan",
    }
    for city in City.objects.all():
        assert city.name == f"Kota {city.short_name}"
