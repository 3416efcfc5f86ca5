"""``manage.py import_wordpress``: a city's WordPress archive becomes its articles, and the old addresses keep
working. Every test reads a real export made by WordPress (``exports/README.md``)."""

import re

import pytest
from django.core.management.base import CommandError
from taggit.models import Tag

from articles.models import Article, AuditEntry
from cities.models import Role
from tests.factories import html, staff, staff_client
from wpimport.models import WordPressPost

from .conftest import EXPORTS, HUMAS_KOTA, PLAIN_PERMALINKS, media_files, run_import

MPP = "wali-kota-serang-resmikan-mal-pelayanan-publik"
MPP_OLD = f"/2024/03/12/{MPP}/"

pytestmark = pytest.mark.django_db


def article(wp_post_id, city="serang") -> Article:
    return WordPressPost.objects.select_related("article").get(city__slug=city, wp_post_id=wp_post_id).article


# --- what arrives -------------------------------------------------------------------------------------------------


def test_posts_become_public_articles_with_their_tags_images_and_dates(serang, uploads, client):
    redaktur = staff(serang, Role.REDAKTUR)
    redaktur.email = "Redaktur@SerangKota.go.id"
    redaktur.save()
    summary = run_import(HUMAS_KOTA, "serang", "--uploads", str(uploads))

    assert "diimpor: 8" in summary
    assert "1 × halaman (page)" in summary and "1 × item menu (nav_menu_item)" in summary
    mpp = article(5)
    assert (mpp.headline, mpp.slug, mpp.city) == ("Wali Kota Serang Resmikan Mal Pelayanan Publik", MPP, serang)
    assert mpp.lead.startswith("Warga kini dapat mengurus 120 jenis layanan")
    assert mpp.published_at.isoformat() == "2024-03-12T02:15:00+00:00"  # 09.15 WIB, from post_date_gmt
    assert mpp.author == redaktur and mpp.byline == ""  # matched by e-mail, whatever its case
    assert article(10).author is None and article(10).byline == "Budi Santoso"  # no such staff: the byline
    # Categories and tags alike, as printed, in the export's order.
    assert list(mpp.tags.names()) == ["mal pelayanan publik", "pelayanan publik", "Pemerintahan", "perizinan"]
    assert mpp.hero_image and mpp.hero_alt == "Gedung Mal Pelayanan Publik Kota Serang"
    assert mpp.hero_caption == "Gedung Mal Pelayanan Publik Kota Serang."

    page = html(client.get(mpp.get_absolute_url()))
    assert "Wali Kota Serang Resmikan Mal Pelayanan Publik" in page
    hero = re.search(r'<figure class="hero">.*?</figure>', page, re.DOTALL).group(0)
    assert 'alt="Gedung Mal Pelayanan Publik Kota Serang"' in hero
    assert "Gedung Mal Pelayanan Publik Kota Serang." in hero  # the attachment's caption
    # The body's image from the old uploads folder is the site's own media now, with its caption.
    body_image = re.search(r'<img src="(/media/articles/[^"]+)" alt="Warga mengantre di loket layanan">', mpp.body)
    assert body_image and "<figcaption>Warga mengantre di loket layanan MPP.</figcaption>" in mpp.body
    assert client.get(body_image.group(1)).status_code == 200
    assert "wp:" not in mpp.body and "wp-content" not in mpp.body
    assert html(client.get("/topik/perizinan/")).count(mpp.headline) >= 1
    assert not Tag.objects.filter(name__iexact="Uncategorized").exists()


def test_block_editor_and_classic_bodies_are_converted(imported):
    smart = article(9)
    assert smart.slug == "kota-bekasi-smart-city-2024-serang-belajar-tata-kelola-digital"
    assert "<h2>Tiga fokus kerja sama</h2>" in smart.body and "<!--" not in smart.body
    assert '<a href="https://www.youtube.com/watch?v=aqz-KE-bpKQ"' in smart.body  # the embed block: a link
    posyandu = article(10)
    assert posyandu.body.startswith("<p>Dinas Kesehatan Kota Serang menggelar posyandu serentak")
    assert "<figure><img" in posyandu.body and "<figcaption>Kader menimbang balita" in posyandu.body
    assert '<a href="https://www.youtube.com/watch?v=aqz-KE-bpKQ"' in posyandu.body  # [embed]
    assert "[" not in posyandu.body  # [caption], [gallery], [embed] all gone
    assert "shortcode [gallery] dibuang" in imported
    assert "ditandai 'sticky'" in imported  # no pin on Article: reported


def test_statuses_draft_pending_private_and_future(imported):
    assert article(16).status == article(17).status == article(18).status == Article.Status.DRAFT
    assert article(16).published_at is None
    assert "pos privat di WordPress, diimpor sebagai draf" in imported
    hut = article(15)
    assert Article.objects.scheduled().filter(pk=hut.pk).exists()
    assert hut.published_at.isoformat() == "2030-10-10T01:00:00+00:00"
    public = set(Article.objects.published().values_list("slug", flat=True))
    # The posts with a video are public (a YouTube link is trusted); the hostile one is held (below), and the
    # draft, pending, private and scheduled ones are not public.
    assert public == {
        MPP,
        "kota-bekasi-smart-city-2024-serang-belajar-tata-kelola-digital",
        "posyandu-serentak-di-enam-kecamatan-cakupan-imunisasi-naik",
    }


def test_a_hostile_body_is_cleaned_and_held(imported, client):
    berita = article(14)
    assert "<script" not in berita.body and "style=" not in berita.body and "display" not in berita.body
    assert berita.is_held and {reason.kind for reason in berita.hold_reasons} >= {"hidden_text", "gambling_terms"}
    assert '"Berita" (wp:post_id 14)' in imported.split("ditahan pemeriksaan spam")[1]
    assert AuditEntry.objects.filter(article=berita, action="spam_hold").exists()
    assert client.get(berita.get_absolute_url()).status_code == 404


def test_the_audit_log_records_each_import_and_the_run_is_a_security_event(serang, uploads, caplog):
    caplog.set_level("INFO", logger="newsroom.security")
    run_import(HUMAS_KOTA, "serang", "--uploads", str(uploads))
    entries = AuditEntry.objects.filter(action="wordpress_import")
    assert entries.count() == 8 and set(entries.values_list("city__slug", flat=True)) == {"serang"}
    assert entries.get(article=article(5)).note == "WordPress #5"
    assert str(AuditEntry.Action("wordpress_import").label) == "diimpor dari WordPress"
    run = [record for record in caplog.records if record.getMessage() == "wordpress_import"]
    assert len(run) == 1 and run[0].fields["imported"] == 8 and run[0].fields["city"] == "serang"


# --- old addresses ---------------------------------------------------------------------------------------------


def test_old_permalinks_of_both_structures_redirect_permanently(imported, cilegon, client):
    run_import(PLAIN_PERMALINKS, "cilegon")
    response = client.get(MPP_OLD)
    assert response.status_code == 301 and response["Location"] == article(5).get_absolute_url()
    assert client.get(MPP_OLD.rstrip("/")).status_code == 301  # as WordPress, without the last slash
    beras = article(4, "cilegon")
    assert client.get("/", HTTP_HOST="humas.cilegon.go.id").status_code == 200  # the home page, now cached
    response = client.get("/?p=4", HTTP_HOST="humas.cilegon.go.id")
    assert response.status_code == 301 and response["Location"] == beras.get_absolute_url()
    # Serang's post 5 and Cilegon's post 5 share /?p=5: the old site's host decides.
    response = client.get("/?p=5", HTTP_HOST="serangkota.go.id")
    assert response.status_code == 301 and response["Location"] == article(5).get_absolute_url()


def test_unknown_and_not_public_old_addresses_answer_404(imported, client):
    assert client.get("/2024/03/12/tidak-pernah-ada/").status_code == 404
    assert client.get("/?p=16").status_code == 404  # a draft
    assert client.get("/?p=15").status_code == 404  # scheduled
    assert client.get("/2024/01/02/berita/").status_code == 404  # held by the spam check
    assert client.get("/?p=999").status_code == 200  # not an old post: the home page
    assert client.get("/").status_code == 200


def test_the_redirect_admin_lists_the_rows_of_the_users_cities_only(imported, cilegon):
    run_import(PLAIN_PERMALINKS, "cilegon")
    client, _user = staff_client(cilegon, Role.PENULIS)
    response = client.get("/admin/wpimport/wordpresspost/")
    assert response.status_code == 200
    rows = {row.old_link for row in response.context["cl"].result_list}
    assert rows == set(WordPressPost.objects.filter(city=cilegon).values_list("old_link", flat=True))
    assert "/?p=4" in rows and MPP_OLD not in rows
    serang_row = WordPressPost.objects.get(city__slug="serang", wp_post_id=5)
    assert client.get(f"/admin/wpimport/wordpresspost/{serang_row.pk}/change/").status_code in (302, 404)
    assert client.post("/admin/wpimport/wordpresspost/add/").status_code == 403


# --- running again --------------------------------------------------------------------------------------------


def test_a_second_run_changes_nothing(imported, serang, uploads, settings):
    before = list(Article.objects.order_by("pk").values_list("pk", "version", "updated_at", "hero_image", "body"))
    files, entries = media_files(settings), AuditEntry.objects.count()
    summary = run_import(HUMAS_KOTA, "serang", "--uploads", str(uploads))
    assert "diimpor: 0" in summary and "diperbarui: 0" in summary and "tidak berubah: 8" in summary
    after = list(Article.objects.order_by("pk").values_list("pk", "version", "updated_at", "hero_image", "body"))
    assert after == before and media_files(settings) == files and AuditEntry.objects.count() == entries


def test_a_changed_post_updates_its_article(imported, uploads, tmp_path):
    changed = tmp_path / "changed.xml"
    changed.write_text(
        HUMAS_KOTA.read_text().replace(
            "<![CDATA[Wali Kota Serang Resmikan Mal Pelayanan Publik]]>", "<![CDATA[MPP Kota Serang Diresmikan]]>"
        )
    )
    summary = run_import(changed, "serang", "--uploads", str(uploads))
    assert "diperbarui: 1" in summary and "tidak berubah: 7" in summary
    mpp = article(5)
    assert mpp.headline == "MPP Kota Serang Diresmikan" and mpp.slug == MPP  # the address stays
    assert Article.objects.count() == 8


def test_a_dry_run_saves_nothing(serang, uploads, settings):
    summary = run_import(HUMAS_KOTA, "serang", "--uploads", str(uploads), "--dry-run")
    assert "diimpor: 8" in summary and "--dry-run" in summary
    assert not Article.objects.exists() and not WordPressPost.objects.exists() and media_files(settings) == []


# --- what goes wrong -------------------------------------------------------------------------------------------


def test_a_missing_upload_is_reported_and_the_article_still_imports(serang, uploads, client):
    (uploads / "2024/03/mal-pelayanan-publik.jpg").unlink()
    summary = run_import(HUMAS_KOTA, "serang", "--uploads", str(uploads))
    assert "(wp:post_id 5): gambar utama tidak dibawa: berkas tidak ditemukan" in summary
    mpp = article(5)
    assert not mpp.hero_image and mpp.hero_alt == ""
    assert client.get(mpp.get_absolute_url()).status_code == 200


def test_without_uploads_body_images_are_dropped_with_a_note(serang):
    summary = run_import(HUMAS_KOTA, "serang")
    assert "<img" not in article(5).body and not article(5).hero_image
    assert "gambar https://serangkota.go.id/wp-content/uploads/2024/03/loket-layanan.jpg tidak dibawa" in summary


@pytest.mark.parametrize(
    ("export", "message"),
    [
        ("malformed.xml", "Berkas XML rusak pada baris"),
        ("unknown-namespace.xml", "Namespace WordPress tidak dikenal: 'http://wordpress.org/export/9.9/'"),
    ],
)
def test_a_broken_export_stops_with_a_clear_message_and_saves_nothing(serang, export, message):
    with pytest.raises(CommandError, match=re.escape(message)) as raised:
        run_import(EXPORTS / export, "serang")
    assert "Tidak ada yang disimpan." in str(raised.value)
    assert not Article.objects.exists() and not WordPressPost.objects.exists() and not AuditEntry.objects.exists()


def test_an_item_that_cannot_be_imported_stops_the_run_names_it_and_leaves_nothing(serang, uploads, tmp_path, settings):
    broken = tmp_path / "broken.xml"
    text = HUMAS_KOTA.read_text()
    # The last post of the file (after the ones with images) gets a status WordPress never writes.
    marker = "<wp:post_id>18</wp:post_id>"
    head, tail = text.split(marker)
    broken.write_text(head + marker + tail.replace("<![CDATA[private]]>", "<![CDATA[weird]]>", 1))
    with pytest.raises(CommandError) as raised:
        run_import(broken, "serang", "--uploads", str(uploads))
    assert '"Catatan Rapat Redaksi Agustus 2024" (wp:post_id 18)' in str(raised.value)
    assert "'weird'" in str(raised.value)
    assert not Article.objects.exists() and not WordPressPost.objects.exists() and not AuditEntry.objects.exists()
    assert media_files(settings) == []  # the images stored before the failure are gone again


BOMB = """<?xml version="1.0"?>
{padding}<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>&lol3;</title></channel></rss>
"""


@pytest.mark.parametrize("padding", ["", "<!-- " + "x" * 4000 + " -->\n"], ids=["at-the-start", "after-a-comment"])
def test_a_doctype_or_entity_declaration_is_refused(serang, tmp_path, padding):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(BOMB.format(padding=padding))
    with pytest.raises(CommandError, match="DOCTYPE/ENTITY"):
        run_import(bomb, "serang")
    assert not Article.objects.exists()


def test_an_unknown_city_is_refused(db):
    with pytest.raises(CommandError, match="Kota dengan slug 'atlantis' tidak ditemukan"):
        run_import(HUMAS_KOTA, "atlantis")
