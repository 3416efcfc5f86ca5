"""The editorial flow in a real browser: a writer drafts in the rich-text editor and submits, an editor schedules
the article in the desk city's zone (WITA), and the public page appears at its minute and not before."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Article, AuditEntry
from cities.models import Role
from staff import two_factor
from tests.factories import PASSWORD, app_code, make_city, staff

MAKASSAR = zoneinfo.ZoneInfo("Asia/Makassar")
HEADLINE = "Wali Kota Makassar Resmikan Taman Baca"


def log_in(page, base_url, username):
    """The login staff go through: the password, then, for an editor, the code from their phone's app."""
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    device = two_factor.authenticator(get_user_model().objects.get(username=username))
    if device is not None:
        page.wait_for_url(base_url + "/admin/verifikasi/")
        page.fill("#id_code", app_code(device))
        page.click("input[type=submit]")
    page.wait_for_url(base_url + "/admin/")


@pytest.mark.django_db(transaction=True)
def test_writer_drafts_and_submits_editor_schedules_in_wita_public_at_its_minute(live_server, new_page):
    city = make_city(short_name="Makassar", name="Kota Makassar", slug="makassar", time_zone="Asia/Makassar")
    staff(city, Role.PENULIS, "penulis_mks")
    editor_account = staff(city, Role.REDAKTUR, "redaktur_mks")
    TOTPDevice.objects.create(user=editor_account, name="authenticator", confirmed=True)
    base = live_server.url
    dialogs = []

    # The writer drafts in the rich-text editor.
    writer = new_page()
    writer.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(writer, base, "penulis_mks")
    writer.goto(base + "/admin/articles/article/add/")
    writer.fill("#id_headline", HEADLINE)
    editor = writer.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    writer.keyboard.type("Taman baca dibuka untuk warga ")
    writer.keyboard.press("Control+b")
    writer.keyboard.type("setiap hari")
    writer.keyboard.press("Control+b")
    writer.keyboard.type(".")
    writer.click("input[name=_continue]")
    writer.wait_for_selector("#workflow")

    article = Article.objects.get()
    assert article.author.username == "penulis_mks"
    assert article.slug == "wali-kota-makassar-resmikan-taman-baca"  # prepopulated from the headline
    assert "<strong>setiap hari</strong>" in article.body
    assert article.status == Article.Status.DRAFT

    writer.click(".newsroom-transition-submit button[type=submit]")
    writer.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    # In review the writer reads it but cannot change it any more.
    assert writer.locator("input[name=_save]").count() == 0

    # The editor finds it on the desk and schedules it a few minutes ahead, in WITA.
    editor_page = new_page()
    editor_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(editor_page, base, "redaktur_mks")
    editor_page.locator("#desk-awaiting-review").get_by_role("link", name=HEADLINE).click()
    editor_page.wait_for_selector("#workflow")
    assert "(WITA)" in editor_page.locator(".newsroom-transition-schedule").inner_text()

    at = (timezone.now() + datetime.timedelta(minutes=3)).astimezone(MAKASSAR).replace(second=0, microsecond=0)
    at += datetime.timedelta(minutes=1)  # a whole minute, still in the future when the form arrives
    editor_page.fill("#id_schedule-date", at.strftime("%Y-%m-%d"))
    editor_page.fill("#id_schedule-time", at.strftime("%H:%M"))
    editor_page.click(".newsroom-transition-schedule button[type=submit]")
    editor_page.wait_for_selector(".messagelist .success")
    assert f"{at:%H:%M} WITA" in editor_page.locator("#workflow").inner_text()

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == at
    assert article.is_scheduled
    assert list(AuditEntry.objects.filter(article=article).values_list("action", flat=True)) == [
        AuditEntry.Action.SCHEDULE,
        AuditEntry.Action.SUBMIT,
        AuditEntry.Action.CREATE,
    ]
    assert dialogs == []  # no false "unsaved changes" warning

    # The public: nothing before its minute, the article from its minute on.
    reader = new_page()
    response = reader.goto(base + article.get_absolute_url())
    assert response.status == 404
    with time_machine.travel(at + datetime.timedelta(seconds=1), tick=True):
        response = reader.goto(base + article.get_absolute_url())
        assert response.status == 200
        assert reader.locator("h1").inner_text() == HEADLINE
        assert reader.locator("strong", has_text="setiap hari").count() == 1
