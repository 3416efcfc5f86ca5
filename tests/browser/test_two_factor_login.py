"""An editor's first login in a real browser, on a phone: the password, the authenticator set up from the QR
code, the backup codes, the desk; then the next login asks for the code."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from cities.models import Role
from tests.browser.conftest import PHONE
from tests.factories import PASSWORD, app_code, make_city, staff


def submit_password(page, base, username):
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


@pytest.mark.django_db(transaction=True)
def test_an_editor_sets_up_the_app_at_the_first_login_and_is_asked_for_codes_after(live_server, new_page):
    city = make_city(short_name="Serang", slug="serang")
    user = staff(city, Role.REDAKTUR, "redaktur_serang")
    base = live_server.url
    page = new_page(viewport=PHONE)

    submit_password(page, base, "redaktur_serang")
    page.wait_for_url(base + "/admin/verifikasi/pasang/")
    assert "verifikasi dua langkah" in page.locator("#content").inner_text().lower()
    qr = page.locator(".two-factor-qr svg")
    assert qr.is_visible() and qr.bounding_box()["width"] >= 150  # big enough to scan off a screen
    page.get_by_text("Tidak bisa memindai?").click()
    assert page.locator(".two-factor-secret").is_visible()

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.fill("#id_code", app_code(device))
    page.click("input[type=submit]")
    page.wait_for_url(base + "/admin/keamanan/kode-cadangan/")
    codes = page.locator(".two-factor-codes li").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Sudah saya simpan, lanjutkan").click()
    page.wait_for_url(base + "/admin/")
    assert page.locator("#desk-awaiting-review").count() == 1

    # The next login: the password alone stops at the code.
    page.locator("#logout-form button").click()
    submit_password(page, base, "redaktur_serang")
    page.wait_for_url(base + "/admin/verifikasi/")
    page.fill("#id_code", codes[0])
    page.click("input[type=submit]")
    page.wait_for_url(base + "/admin/")
    assert "kode cadangan" in page.locator(".messagelist").inner_text().lower()
