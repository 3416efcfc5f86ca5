"""The desk in a real browser: the editor speaks Indonesian, a full stop after a link stays text, and the article
list fits a 1,366 px screen."""

import pytest

from articles.models import Article
from cities.models import Role
from tests.factories import PASSWORD, make_article, make_city, staff

ENGLISH_TOOLBAR = {"bold", "italic", "insert link", "remove link", "undo", "redo", "ordered list", "Insert table"}


def log_in(page, base, username):
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base + "/admin/")


@pytest.mark.django_db(transaction=True)
def test_the_editor_speaks_indonesian_and_a_full_stop_after_a_link_stays_outside_it(live_server, new_page):
    city = make_city(short_name="Serang", slug="serang")
    staff(city, Role.PENULIS, "penulis_serang")
    page = new_page()
    log_in(page, live_server.url, "penulis_serang")
    page.goto(live_server.url + "/admin/articles/article/add/")
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.wait_for()
    page.wait_for_function("() => document.querySelector('.prose-menubar [title=\"tebal\"]') !== null")
    titles = set(page.locator(".prose-menubar [title]").evaluate_all("buttons => buttons.map(b => b.title)"))
    assert "tebal" in titles and "sisipkan tautan" in titles
    assert not titles & ENGLISH_TOOLBAR

    page.fill("#id_headline", "Tautan di Akhir Kalimat")
    editor.click()
    page.keyboard.type("Baca di situs")
    for _ in range(5):
        page.keyboard.press("Shift+ArrowLeft")
    page.locator(".prose-menubar [title='sisipkan tautan']").click()
    dialog = page.locator(".prose-editor-dialog")
    assert "Ubah tautan" in dialog.inner_text()
    dialog.locator("input").first.fill("https://serangkota.go.id/")
    dialog.locator("button", has_text="Perbarui").click()
    editor.click()
    page.keyboard.press("End")
    page.keyboard.type(".")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    body = Article.objects.get(headline="Tautan di Akhir Kalimat").body
    assert "situs</a>." in body, body


@pytest.mark.django_db(transaction=True)
def test_the_article_list_fits_a_1366_px_screen(live_server, new_page):
    city = make_city(short_name="Serang", slug="serang")
    staff(city, Role.PENULIS, "penulis_serang")
    for number in range(3):
        make_article(
            city=city,
            headline=f"Pemerintah Kota Serang Menggelar Rapat Koordinasi Penanganan Banjir Rob Tahap {number}",
        )
    page = new_page(viewport={"width": 1366, "height": 900})
    log_in(page, live_server.url, "penulis_serang")
    page.goto(live_server.url + "/admin/articles/article/")
    widths = page.evaluate(
        "() => { const box = document.querySelector('#changelist .results');"
        " return [document.documentElement.scrollWidth, box.scrollWidth, box.clientWidth]; }"
    )
    page_width, table_width, box_width = widths
    assert page_width <= 1366 and table_width <= box_width, widths
