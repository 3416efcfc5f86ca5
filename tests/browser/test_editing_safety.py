"""A desk staff can trust, in a real browser: a workflow button saves what was typed first, leaving a form with
unsaved text asks, what is typed is autosaved and comes back after a closed tab, and two editors of one article
see each other and never silently undo each other's change.

The server side of each (permissions, city scoping, the merge) is in ``tests/admin/test_editing_safety.py``.
"""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from articles.models import Article, AutosavedDraft
from cities.models import Role
from tests.browser.test_editorial_flow import log_in
from tests.factories import draft, make_article, make_city, save_revision, staff


@pytest.fixture
def quick(settings):
    """The page autosaves and says it is open every second instead of every 20 and 30."""
    settings.NEWSROOM_AUTOSAVE_SECONDS = 1
    settings.NEWSROOM_PRESENCE_SECONDS = 1


@pytest.fixture
def city(transactional_db):
    return make_city(short_name="Serang", name="Kota Serang", slug="serang")


def watch_dialogs(page, answer="dismiss"):
    """Every dialog the page opens, as (type, message); each is answered with ``answer``."""
    seen = []
    page.on("dialog", lambda dialog: (seen.append((dialog.type, dialog.message)), getattr(dialog, answer)()))
    return seen


def type_in_body(page, text):
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def autosaved(page):
    """Wait until the page says it autosaved."""
    expect(page.locator("#autosave-status")).not_to_be_empty(timeout=10_000)


@pytest.mark.django_db(transaction=True)
def test_a_workflow_button_saves_the_edit_first_without_any_warning(live_server, new_page, city):
    writer_account = staff(city, Role.PENULIS, "penulis_srg")
    article = draft(city, author=writer_account, headline="Pasar Rau Ditata", body="<p>Pedagang dipindah.</p>")
    page = new_page()
    dialogs = watch_dialogs(page, "accept")
    log_in(page, live_server.url, "penulis_srg")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")

    type_in_body(page, " Relokasi selesai pekan depan.")
    page.click(".newsroom-transition-submit button[type=submit]")
    page.wait_for_selector(".messagelist .success")

    assert dialogs == []  # no "unsaved changes will be lost", no leave-page question
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert "Relokasi selesai pekan depan." in article.body  # submitted with the edit, not without it


@pytest.mark.django_db(transaction=True)
def test_leaving_a_new_article_asks_first_and_its_text_is_autosaved(live_server, new_page, city, quick):
    staff(city, Role.PENULIS, "penulis_srg")
    page = new_page()
    dialogs = watch_dialogs(page, "dismiss")
    log_in(page, live_server.url, "penulis_srg")
    page.goto(live_server.url + "/admin/articles/article/add/")
    page.fill("#id_headline", "Posyandu Baru di Kasemen")
    type_in_body(page, "Posyandu dibuka untuk warga.")
    autosaved(page)

    page.locator(".breadcrumbs a").first.click()  # "Beranda"

    page.wait_for_timeout(500)
    assert [kind for kind, _message in dialogs] == ["beforeunload"]
    assert page.url.endswith("/admin/articles/article/add/")  # stayed: the text is still here
    assert page.input_value("#id_headline") == "Posyandu Baru di Kasemen"
    slot = AutosavedDraft.objects.get()
    assert slot.article is None and slot.data["headline"] == ["Posyandu Baru di Kasemen"]
    assert "Posyandu dibuka untuk warga." in slot.data["body"][0]
    assert not Article.objects.exists()  # autosaved into the user's slot, not saved as an article

    # Saving leaves without a question, and spends the slot.
    page.click("input[name=_continue]")
    page.wait_for_selector("#workflow")
    assert [kind for kind, _message in dialogs] == ["beforeunload"]
    assert Article.objects.get().headline == "Posyandu Baru di Kasemen"
    assert not AutosavedDraft.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_text_typed_before_the_tab_closed_comes_back(live_server, new_page, city, quick):
    writer_account = staff(city, Role.PENULIS, "penulis_srg")
    article = draft(city, author=writer_account, headline="Festival Kuliner", body="<p>Digelar di alun-alun.</p>")
    page = new_page()
    log_in(page, live_server.url, "penulis_srg")
    change = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    page.goto(change)
    page.fill("#id_headline", "Festival Kuliner Serang 2024")
    type_in_body(page, " Ada 120 stan UMKM.")
    autosaved(page)

    page.close()  # the tab is gone, nothing saved
    article.refresh_from_db()
    assert article.headline == "Festival Kuliner" and "120 stan" not in article.body

    again = page.context.new_page()  # the same browser, still logged in
    dialogs = watch_dialogs(again, "dismiss")
    again.goto(change)
    expect(again.locator("#autosave-notice")).to_be_visible()
    assert again.input_value("#id_headline") == "Festival Kuliner"  # offered, not filled in by itself
    again.click("#autosave-restore")
    expect(again.locator(".ProseMirror[contenteditable=true]")).to_contain_text("Ada 120 stan UMKM.")
    assert again.input_value("#id_headline") == "Festival Kuliner Serang 2024"

    again.click("input[name=_continue]")
    again.wait_for_selector(".messagelist .success")
    assert dialogs == []
    article.refresh_from_db()
    assert article.headline == "Festival Kuliner Serang 2024" and "Ada 120 stan UMKM." in article.body
    assert not AutosavedDraft.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_editors_see_each_other_and_the_second_save_keeps_the_first_ones_headline(
    live_server, new_page, city, quick
):
    writer_account = staff(city, Role.PENULIS, "penulis_srg")
    editor_account = staff(city, Role.REDAKTUR, "redaktur_srg")
    TOTPDevice.objects.create(user=editor_account, name="authenticator", confirmed=True)
    article = draft(city, author=writer_account, headline="Jalan Lingkar Dibuka", body="<p>Jalan sepanjang 4 km.</p>")
    save_revision(article, writer_account)  # the version both open is stored
    change = f"{live_server.url}/admin/articles/article/{article.pk}/change/"

    writer = new_page()
    writer_dialogs = watch_dialogs(writer, "dismiss")
    log_in(writer, live_server.url, "penulis_srg")
    writer.goto(change)
    editor = new_page()
    log_in(editor, live_server.url, "redaktur_srg")
    editor.goto(change)

    # Each sees that the other has the article open: the editor at once, the writer at the next heartbeat.
    expect(editor.locator("#presence")).to_contain_text("penulis_srg")
    expect(writer.locator("#presence")).to_contain_text("redaktur_srg", timeout=10_000)

    editor.fill("#id_headline", "Jalan Lingkar Selatan Dibuka")
    editor.click("input[name=_continue]")
    editor.wait_for_selector(".messagelist .success")

    type_in_body(writer, " Diresmikan Wali Kota.")
    writer.click("input[name=_continue]")
    expect(writer.locator("#conflict")).to_be_visible()
    # The form came back merged: the editor's headline, the writer's own text.
    assert writer.input_value("#id_headline") == "Jalan Lingkar Selatan Dibuka"
    expect(writer.locator(".ProseMirror[contenteditable=true]")).to_contain_text("Diresmikan Wali Kota.")

    writer.click("input[name=_continue]")
    writer.wait_for_selector(".messagelist .success")

    assert writer_dialogs == []
    article.refresh_from_db()
    assert article.headline == "Jalan Lingkar Selatan Dibuka"  # not put back by the second save
    assert "Diresmikan Wali Kota." in article.body


@pytest.mark.django_db(transaction=True)
def test_a_step_that_takes_the_article_off_the_site_still_asks_first(live_server, new_page, city):
    editor_account = staff(city, Role.REDAKTUR, "redaktur_srg")
    TOTPDevice.objects.create(user=editor_account, name="authenticator", confirmed=True)
    article = make_article(city=city, cities=[city], headline="Lomba Kebersihan Kelurahan")
    page = new_page()
    answers = ["dismiss", "accept"]
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), getattr(dialog, answers.pop(0))()))
    log_in(page, live_server.url, "redaktur_srg")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    unpublish = page.locator(".newsroom-transition-unpublish button[type=submit]")

    unpublish.click()  # "no"
    page.wait_for_timeout(500)
    article.refresh_from_db()
    assert dialogs == ["confirm"] and article.status == Article.Status.PUBLISHED

    unpublish.click()  # "yes"
    page.wait_for_selector(".messagelist .success")
    assert dialogs == ["confirm", "confirm"]  # and no question about leaving the page
    article.refresh_from_db()
    assert article.status == Article.Status.UNPUBLISHED


@pytest.mark.django_db(transaction=True)
def test_enter_in_a_field_saves_and_takes_no_workflow_step(live_server, new_page, city):
    writer_account = staff(city, Role.PENULIS, "penulis_srg")
    article = draft(city, author=writer_account, headline="Taman Kota")
    page = new_page()
    log_in(page, live_server.url, "penulis_srg")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")

    page.fill("#id_headline", "Taman Kota Dibuka Malam Hari")
    page.press("#id_headline", "Enter")
    page.wait_for_url(f"{live_server.url}/admin/articles/article/")  # "Save": back to the list

    article.refresh_from_db()
    assert (article.headline, article.status) == ("Taman Kota Dibuka Malam Hari", Article.Status.DRAFT)
