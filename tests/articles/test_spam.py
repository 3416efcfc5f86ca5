"""The spam check finds text hidden from readers, gambling vocabulary however it is disguised, and links to
domains new to the site, and stays quiet on ordinary humas news."""

import pytest

from articles import spam
from articles.models import OutboundDomain, SpamTerm
from tests.articles.test_sanitize import SPAM_PAYLOADS
from tests.factories import draft, make_article

TERMS = ["slot gacor", "judi", "judi online", "togel", "toto", "maxwin", "slot88", "casino", "rtp live"]


def signals(body="<p>Berita.</p>", *texts, terms=TERMS, known=()):
    found = spam.find_signals(texts=texts, body=body, terms=terms, known_hosts=lambda hosts: hosts & set(known))
    return {reason.kind: reason for reason in found}


def hidden_texts(body):
    reason = signals(body, terms=()).get(spam.HIDDEN_TEXT)
    return (list(reason.found), list(reason.detail)) if reason else ([], [])


# --- hidden text ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", SPAM_PAYLOADS)
def test_the_hidden_links_the_sanitiser_would_reveal_are_found_before_it_runs(payload):
    texts, _tricks = hidden_texts(f"<p>Rapat koordinasi.</p>{payload}")
    assert len(texts) == 1 and "Rapat" not in texts[0]


@pytest.mark.parametrize(
    ("markup", "trick"),
    [
        ('<div style="display: none !important">beli di sini</div>', "display"),
        ('<span style="visibility:hidden">beli di sini</span>', "visibility"),
        ('<span style="opacity:0.0">beli di sini</span>', "opacity"),
        ('<span style="font-size:0px">beli di sini</span>', "font_size"),
        ('<span style="FONT-SIZE: 1PX">beli di sini</span>', "font_size"),
        ('<div style="position:absolute;left:-9999px;top:0">beli di sini</div>', "off_screen"),
        ('<p style="text-indent:-10000px">beli di sini</p>', "off_screen"),
        ('<div style="transform: translateX(-9999px)">beli di sini</div>', "off_screen"),
        ('<div style="height:0;overflow:hidden">beli di sini</div>', "zero_size"),
        ('<div style="width:1px;height:1px;overflow:hidden">beli di sini</div>', "zero_size"),
        ('<span style="position:absolute;clip:rect(0,0,0,0)">beli di sini</span>', "clip"),
        ('<span style="color:#fff;background-color:#fff">beli di sini</span>', "colour"),
        ('<span style="color: transparent">beli di sini</span>', "colour"),
        ("<span hidden>beli di sini</span>", "attribute"),
        ('<div class="d-none">beli di sini</div>', "class"),
        ('<style>.iklan-x { display:none }</style><div class="kolom iklan-x">beli di sini</div>', "stylesheet"),
        ('<style>#z{position:absolute;left:-5000px}</style><p id="z">beli di sini</p>', "stylesheet"),
        ('<p aria-hidden="true"><a href="https://toko.example">beli di sini</a></p>', "aria"),
        ('<div style="display:none"><p>beli <b>di</b></p> sini</div>', "display"),
    ],
)
def test_hidden_text_is_found_whichever_way_it_is_hidden(markup, trick):
    texts, tricks = hidden_texts(f"<p>Wali Kota meresmikan taman.</p>{markup}<p>Selesai.</p>")
    assert texts == ["beli di sini"] and tricks == [trick]


def test_an_unclosed_hiding_element_hides_the_rest_as_in_a_browser():
    texts, tricks = hidden_texts("<p>Berita.</p><div style=display:none>beli <p>di sini")
    assert texts == ["beli di sini"] and tricks == ["display"]


def test_an_empty_hidden_link_is_named_by_where_it_leads():
    texts, _tricks = hidden_texts(
        '<p>Isi.</p><a href="https://www.Slot-Situs.example/daftar" style="display:none"></a>'
    )
    assert texts == ["slot-situs.example"]


@pytest.mark.parametrize(
    "markup",
    [
        "<p>Wali Kota meresmikan taman kota.</p>",
        '<p aria-hidden="true">★</p><p>Ikon hiasan tanpa tautan.</p>',  # aria-hidden alone is for decoration
        '<p style="color:#333;text-align:center">Teks rata tengah.</p>',
        '<p style="margin-left:-10px">Sedikit ke kiri.</p>',
        '<div style="display:none"></div><br hidden><img hidden src="/media/a.jpg" alt="">',  # nothing in them
        "<script>var x = 'display:none'</script><p>Teks.</p>",
    ],
)
def test_ordinary_markup_hides_nothing(markup):
    assert hidden_texts(markup) == ([], [])


def test_hidden_text_is_quoted_short():
    texts, _tricks = hidden_texts(f'<div style="display:none">{"kata " * 100}</div>')
    assert len(texts[0]) <= spam.SNIPPET_LENGTH and texts[0].endswith("…")


# --- gambling vocabulary --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Daftar slot gacor hari ini",
        "SLOT GACOR",
        "slot-gacor, slot_gacor, slotgacor",
        "s1ot g4c0r",  # digits for letters
        "$l0t gac0r",
        "sIot gacor",  # a capital I for the l
        "s l o t  g a c o r",  # spaced out
        "ｓｌｏｔ ｇａｃｏｒ",  # full-width
        "𝐬𝐥𝐨𝐭 𝐠𝐚𝐜𝐨𝐫",  # mathematical bold
        "sl\u200bot ga\u200dcor",  # zero-width characters inside
        "slöt gâcór",  # accents
        "ѕlot gасor",  # Cyrillic look-alikes
        "s&#108;ot gacor",  # an entity, in the body
    ],
)
def test_gambling_terms_are_found_however_they_are_disguised(text):
    reason = signals(f"<p>{text}</p>")[spam.GAMBLING_TERMS]
    assert reason.found == ("slot gacor",)


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Raih maxwin di slot88 sekarang", "maxwin"),
        ("t0t0 dan togel", "toto"),
        ("Judi online merusak keluarga", "judi online"),
        ("cek RTP-live di sini", "rtp live"),
        ("Main di SLOT88 resmi", "slot88"),
        ("CASINO888", "casino"),  # digits after the word, as in brand names
    ],
)
def test_each_term_is_found_as_a_word(text, term):
    assert term in signals(f"<p>{text}</p>")[spam.GAMBLING_TERMS].found


@pytest.mark.parametrize(
    "text",
    [
        "Foto kegiatan Pak Totok di kantor kelurahan.",  # "toto" inside words
        "Sutoto dan fotokopi berkas, protokol kesehatan.",
        "Pajudian? Tidak: Jumat, adjudikasi sengketa.",  # "judi" inside words
        "Slot parkir dan slot vaksin tersedia; burung gacor juara lomba.",  # not the phrase
        "Casinova, togelar, maxwinner.",
    ],
)
def test_ordinary_words_containing_a_term_are_not_taken_for_it(text):
    assert spam.GAMBLING_TERMS not in signals(f"<p>{text}</p>", text)


def test_terms_are_found_in_every_field_in_links_and_in_attributes():
    assert signals("<p>Isi.</p>", "Judul", "Togel hari ini")[spam.GAMBLING_TERMS].found == ("togel",)
    assert "slot gacor" in signals('<p><a href="https://www.go.id/slot-gacor/">info</a></p>')[spam.GAMBLING_TERMS].found
    assert signals('<p><img src="/media/a.jpg" alt="Maxwin"></p>')[spam.GAMBLING_TERMS].found == ("maxwin",)


def test_the_reason_names_the_terms_and_how_they_were_written():
    reason = signals("<p>Info s1ot-g4cor dan togel.</p>")[spam.GAMBLING_TERMS]
    assert set(reason.found) == {"slot gacor", "togel"}
    assert reason.detail == ("s1ot-g4cor",)
    assert "“slot gacor”" in str(reason) and "s1ot-g4cor" in str(reason)


# --- outbound domains -------------------------------------------------------------------------------------------


def test_a_link_to_a_domain_new_to_the_site_is_a_signal():
    body = '<p><a href="https://www.Situs-Baru.example/daftar">x</a> <a href="//lain.example">y</a></p>'
    assert signals(body, terms=())[spam.NEW_DOMAINS].found == ("situs-baru.example", "lain.example")


@pytest.mark.parametrize(
    "href",
    [
        "https://antaranews.com/berita/1",  # known: a published article links there
        "https://www.antaranews.com/",
        "https://serangkota.go.id/pengumuman",  # government domains are trusted
        "https://diskominfo.makassarkota.go.id/",
        "https://tni.mil.id/",
        "/berita/rapat-koordinasi/",  # this site
        "mailto:humas@serangkota.go.id",
        "tel:+62254200000",
    ],
)
def test_known_trusted_and_own_links_are_no_signal(href):
    assert spam.NEW_DOMAINS not in signals(f'<p><a href="{href}">tautan</a></p>', known=["antaranews.com"])


def test_the_trusted_domains_are_a_setting(settings):
    settings.SPAM_TRUSTED_DOMAINS = ["apeksi.id"]
    assert spam.NEW_DOMAINS not in signals('<p><a href="https://www.apeksi.id/">APEKSI</a></p>')
    assert spam.NEW_DOMAINS in signals('<p><a href="https://serangkota.go.id/">Pemkot</a></p>')


def test_a_look_alike_government_address_is_not_trusted():
    body = '<p><a href="https://serangkota.go.id.slot.example/">x</a><a href="https://go.id@judi.example/">y</a></p>'
    assert signals(body, terms=())[spam.NEW_DOMAINS].found == ("serangkota.go.id.slot.example", "judi.example")


# --- reasons as stored ----------------------------------------------------------------------------------------


def test_reasons_survive_storage_and_merge_without_repeating():
    first = [spam.Reason(spam.GAMBLING_TERMS, ("togel",))]
    second = [spam.Reason(spam.GAMBLING_TERMS, ("togel", "maxwin")), spam.Reason(spam.NEW_DOMAINS, ("a.example",))]
    merged = spam.merge([r.as_dict() for r in first], second)
    assert [spam.Reason.from_dict(r) for r in merged] == [
        spam.Reason(spam.GAMBLING_TERMS, ("togel", "maxwin")),
        spam.Reason(spam.NEW_DOMAINS, ("a.example",)),
    ]
    assert spam.without(second, spam.keys_of(merged)) == []
    assert spam.without(second, spam.keys_of([r.as_dict() for r in first])) == [
        spam.Reason(spam.GAMBLING_TERMS, ("maxwin",)),
        spam.Reason(spam.NEW_DOMAINS, ("a.example",)),
    ]


# --- with the database: the vocabulary staff keep, the domains the site knows ---------------------------------


@pytest.mark.django_db
def test_the_vocabulary_is_seeded_and_leaves_everyday_words_out():
    terms = set(SpamTerm.objects.terms())
    assert {"slot gacor", "judi online", "judol", "togel", "toto", "maxwin", "slot88", "rtp live", "sbobet"} <= terms
    assert {"pragmatic play", "pg soft", "gates of olympus", "mahjong ways", "deposit pulsa", "anti rungkad"} <= terms
    # Bandar Lampung, bandar udara, slot parkir and burung gacor are news, not spam.
    assert not {"bandar", "slot", "gacor"} & terms


@pytest.mark.django_db
def test_the_seeded_vocabulary_spares_ordinary_humas_news(serang):
    article = draft(
        serang,
        headline="Wali Kota Tinjau Bandar Udara dan Slot Parkir Baru",
        lead="Foto: Totok, petugas Dishub Bandar Lampung.",
        body="<p>Lomba burung gacor digelar di alun-alun. Sutoto memotret protokol kesehatan.</p>",
    )
    assert article.screen() == [] and not article.is_held


@pytest.mark.django_db
def test_a_term_switched_off_is_no_longer_checked(serang):
    SpamTerm.objects.filter(term="togel").update(is_active=False)
    article = draft(serang, body="<p>Hasil togel.</p>")
    assert article.screen() == []


@pytest.mark.django_db
def test_publishing_an_article_makes_its_link_hosts_known(serang):
    body = '<p><a href="https://www.antaranews.com/a">A</a> <a href="https://serangkota.go.id/">B</a></p>'
    draft(serang, body=body)
    assert not OutboundDomain.objects.exists()  # a draft teaches nothing
    article = make_article(city=serang, body=body)
    assert set(OutboundDomain.objects.values_list("domain", flat=True)) == {"antaranews.com", "serangkota.go.id"}
    assert OutboundDomain.objects.get(domain="antaranews.com").first_article == article
    assert OutboundDomain.objects.known({"antaranews.com", "kompas.com"}) == {"antaranews.com"}
