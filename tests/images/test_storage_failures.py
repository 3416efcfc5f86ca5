"""Uploads when things go wrong: a full or read-only disk, a database that refuses the save after the file is
stored, a file cut off during the upload, and an error elsewhere in the form. Files are whole or absent, never
left behind by a save that did not happen, and the chosen image survives the form being shown again."""

import errno
import io
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.db.models.signals import pre_save
from PIL import Image

from articles.admin import ArticleAdmin
from articles.models import Article
from cities.models import City, Role
from images import pending
from images.renditions import renditions_for
from images.storage import AtomicFileSystemStorage
from images.validators import validate_image
from tests.factories import (
    article_data,
    change_data,
    city_data,
    client_for,
    form_errors,
    html,
    image_bytes,
    image_upload,
    make_article,
    staff,
    url,
)

pytestmark = pytest.mark.django_db


def stored_files(settings) -> list[str]:
    """Every file under MEDIA_ROOT, hidden temporary ones included, relative and sorted."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def disk_fills_up(monkeypatch):
    """From now on, every file written stops half-way with ``OSError(errno)`` (by default: the disk is full)."""

    def fill(code=errno.ENOSPC):
        def chunks(self, chunk_size=None):
            self.seek(0)
            data = self.read()
            yield data[: len(data) // 2]
            raise OSError(code, "simulated")

        monkeypatch.setattr(File, "chunks", chunks)

    return fill


@pytest.fixture
def redaktur_client(serang):
    return client_for(staff(serang, Role.REDAKTUR))


# --- a full or read-only disk --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "error"), [(errno.ENOSPC, "storage_full"), (errno.EROFS, "storage_read_only")])
def test_a_disk_that_fails_during_the_save_is_a_form_error_and_leaves_no_file(
    settings, serang, redaktur_client, disk_fills_up, code, error
):
    disk_fills_up(code)
    data = article_data(
        serang, headline="Judul yang diketik", hero_image=image_upload(size=(200, 100)), hero_alt="Foto"
    )

    response = redaktur_client.post(url("add"), data)

    assert response.status_code == 200
    assert form_errors(response) == {"hero_image": [error]}
    assert 'value="Judul yang diketik"' in html(response)
    assert not Article.objects.exists()
    assert stored_files(settings) == []


def test_storage_writes_are_whole_or_absent(tmp_path, disk_fills_up):
    storage = AtomicFileSystemStorage(location=tmp_path)
    assert storage.save("a/foto.jpg", ContentFile(b"x" * 1000)) == "a/foto.jpg"
    assert storage.save("a/foto.jpg", ContentFile(b"y" * 10)) != "a/foto.jpg"  # never overwritten
    assert (tmp_path / "a" / "foto.jpg").read_bytes() == b"x" * 1000

    disk_fills_up()
    with pytest.raises(OSError, match="simulated") as failure:
        storage.save("a/lain.jpg", ContentFile(b"z" * 1000))

    assert failure.value.errno == errno.ENOSPC
    left = sorted(path.name for path in (tmp_path / "a").iterdir())
    assert len(left) == 2 and "foto.jpg" in left  # the two whole files; no half file, no temporary one
    assert not any(name.startswith("lain") or name.endswith(".part") for name in left)


def test_a_rendition_cut_off_by_a_full_disk_is_never_served(settings, monkeypatch, disk_fills_up):
    article = make_article(hero_image=image_upload(size=(700, 400)), hero_alt="Foto")
    with monkeypatch.context() as patched:
        patched.setattr(File, "chunks", File.chunks)
        disk_fills_up()
        assert renditions_for(article.hero_image) is None  # the page shows the original
    assert [name for name in stored_files(settings) if name.startswith("renditions/")] == []

    cache.clear()  # later, with room on the disk again
    made = renditions_for(article.hero_image)
    for rendition in (*made.jpeg, *made.webp):
        with default_storage.open(rendition.name, "rb") as handle, Image.open(handle) as image:
            image.load()  # whole: decodes to the last pixel
            assert image.size == (rendition.width, rendition.height)


def test_temporary_files_are_never_served(settings, client):
    folder = Path(settings.MEDIA_ROOT) / "articles"
    folder.mkdir(parents=True)
    (folder / ".0123abcd.part").write_bytes(image_bytes())
    assert client.get("/media/articles/.0123abcd.part").status_code == 404


# --- the database refuses the save after the file is stored ----------------------------------------------------


def test_a_failed_insert_leaves_no_stored_image(settings, serang, redaktur_client):
    def take_the_slug(sender, instance, raw, **kwargs):
        if instance.pk is None and instance.slug == "rebutan" and not taken:
            taken.append(instance)
            make_article(slug="rebutan", city=instance.city)

    taken = []
    pre_save.connect(take_the_slug, sender=Article, weak=False, dispatch_uid="take_the_slug")
    try:
        data = article_data(serang, slug="rebutan", hero_image=image_upload(size=(200, 100)), hero_alt="Foto")
        response = redaktur_client.post(url("add"), data)
    finally:
        pre_save.disconnect(sender=Article, dispatch_uid="take_the_slug")

    assert response.status_code == 200
    assert form_errors(response) == {"slug": ["slug_taken_meanwhile"]}
    assert [name for name in stored_files(settings) if not name.startswith("pending/")] == []


def test_a_rollback_after_the_row_was_written_leaves_no_stored_image(settings, serang, redaktur_client, monkeypatch):
    save_related = ArticleAdmin.save_related

    def fail_after(self, request, form, formsets, change):
        save_related(self, request, form, formsets, change)
        assert any(name.startswith("articles/") for name in stored_files(settings))  # stored, then rolled back
        raise IntegrityError("simulated")

    monkeypatch.setattr(ArticleAdmin, "save_related", fail_after)
    data = article_data(serang, hero_image=image_upload(size=(200, 100)), hero_alt="Foto")

    response = redaktur_client.post(url("add"), data)

    assert response.status_code == 200
    assert not Article.objects.exists()
    assert [name for name in stored_files(settings) if not name.startswith("pending/")] == []


# --- a file cut off during the upload -----------------------------------------------------------------------------


def truncated_jpeg() -> bytes:
    whole = image_bytes(size=(400, 300), color=(10, 120, 200))
    return whole[: len(whole) // 2]


def test_a_truncated_jpeg_is_refused_before_it_is_decoded_for_saving():
    with pytest.raises(Exception) as error:
        validate_image(SimpleUploadedFile("foto.jpg", truncated_jpeg()))
    assert error.value.code == "image_damaged"


def test_a_truncated_jpeg_upload_is_a_form_error(settings, serang, redaktur_client):
    upload = SimpleUploadedFile("foto.jpg", truncated_jpeg(), content_type="image/jpeg")
    response = redaktur_client.post(url("add"), article_data(serang, hero_image=upload, hero_alt="Foto"))

    assert response.status_code == 200
    assert form_errors(response) == {"hero_image": ["image_damaged"]}
    assert stored_files(settings) == []


# --- the chosen image survives an error elsewhere in the form ---------------------------------------------------------


def kept_token(response) -> str:
    form = response.context["adminform"].form
    return form.kept_upload("hero_image").token


def test_an_upload_survives_a_missing_alt_text_and_is_used_by_the_next_save(
    settings, serang, redaktur_client, django_capture_on_commit_callbacks
):
    data = article_data(serang, headline="Dengan foto", hero_image=image_upload(size=(300, 200), name="hero.jpg"))

    refused = redaktur_client.post(url("add"), data)

    assert refused.status_code == 200
    assert form_errors(refused) == {"hero_alt": ["alt_required"]}
    page = html(refused)
    assert "/media/hero.jpg" not in page  # never a broken "current image"
    (kept,) = [name for name in stored_files(settings) if name.startswith("pending/")]
    assert f'src="/media/{kept}"' in page
    token = kept_token(refused)
    assert f'value="{token}"' in page and 'name="hero_image__kept"' in page
    with default_storage.open(kept, "rb") as handle:
        kept_bytes = handle.read()

    again = article_data(serang, headline="Dengan foto", hero_alt="Wali Kota di tanggul", hero_image__kept=token)
    with django_capture_on_commit_callbacks(execute=True):
        saved = redaktur_client.post(url("add"), again)

    assert saved.status_code == 302
    article = Article.objects.get()
    assert article.hero_image.name.startswith("articles/")
    with article.hero_image.open("rb") as handle:
        assert handle.read() == kept_bytes  # stored as kept: not re-encoded a second time
    assert [name for name in stored_files(settings) if name.startswith("pending/")] == []


def test_a_kept_upload_is_used_only_by_whoever_uploaded_it(serang, redaktur_client):
    data = article_data(serang, hero_image=image_upload(size=(300, 200)))
    token = kept_token(redaktur_client.post(url("add"), data))
    other = client_for(staff(serang, Role.REDAKTUR))

    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for client, carried in [(other, token), (redaktur_client, forged)]:
        response = client.post(url("add"), article_data(serang, hero_alt="Foto", hero_image__kept=carried))
        assert response.status_code == 302
    assert not any(article.hero_image for article in Article.objects.all())


def test_dropping_the_kept_upload_saves_without_it(serang, redaktur_client):
    token = kept_token(redaktur_client.post(url("add"), article_data(serang, hero_image=image_upload())))
    data = article_data(serang, hero_image__kept=token, hero_image__kept_discard="on")
    assert redaktur_client.post(url("add"), data).status_code == 302
    assert not Article.objects.get().hero_image


def test_the_current_image_stays_shown_while_a_new_one_waits(serang, redaktur_client):
    article = make_article(city=serang, cities=[serang], hero_image=image_upload(), hero_alt="Foto lama")
    data = change_data(article, hero_image=image_upload(name="hero.jpg"), hero_alt="")

    response = redaktur_client.post(url("change", article.pk), data)

    assert response.status_code == 200
    page = html(response)
    assert f'<img src="{article.hero_image.url}"' in page
    assert "/media/hero.jpg" not in page
    assert kept_token(response)


def test_kept_uploads_expire(settings, serang, monkeypatch):
    name = pending.keep(SimpleUploadedFile("a.png", image_bytes("PNG")), owner=None)[1]
    monkeypatch.setattr(pending, "MAX_AGE_SECONDS", -1)
    pending.delete_expired()
    assert not default_storage.exists(name)


def test_kept_uploads_are_reencoded_so_their_preview_carries_no_metadata():
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (6.0, 7.0, 0.0)}  # GPS
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30)).save(buffer, "JPEG", exif=exif.tobytes())
    _token, name = pending.keep(SimpleUploadedFile("a.jpg", buffer.getvalue()))
    with default_storage.open(name, "rb") as handle, Image.open(handle) as image:
        assert not image.getexif()


def test_a_file_system_without_hard_links_still_gets_whole_files(tmp_path, monkeypatch):
    def no_links(source, target):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr("images.storage.os.link", no_links)
    storage = AtomicFileSystemStorage(location=tmp_path)
    assert storage.save("foto.jpg", ContentFile(b"x" * 100)) == "foto.jpg"
    assert storage.save("foto.jpg", ContentFile(b"y" * 100)) != "foto.jpg"
    assert (tmp_path / "foto.jpg").read_bytes() == b"x" * 100
    assert not [path for path in tmp_path.iterdir() if path.name.endswith(".part")]


@pytest.mark.parametrize(("code", "words"), [(errno.ENOSPC, "penuh"), (errno.EROFS, "hanya-baca")])
def test_a_full_disk_during_a_city_logo_upload_is_a_form_error(settings, admin_client, disk_fills_up, code, words):
    disk_fills_up(code)
    data = city_data(logo=image_upload(size=(120, 120)), name="Kota Banjarbaru", slug="banjarbaru")

    response = admin_client.post("/admin/cities/city/add/", data)

    assert response.status_code == 200
    assert words in html(response) and 'value="Kota Banjarbaru"' in html(response)
    assert not City.objects.filter(slug="banjarbaru").exists()
    assert stored_files(settings) == []
