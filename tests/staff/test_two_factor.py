"""Two-step login as staff meet it: the password, then a code from the phone; enrolment; backup codes.

Codes are computed from the device's secret exactly as an authenticator app does (RFC 6238).
"""

import base64
import datetime
import io
import re
import sys
import time
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cities.models import Membership, Role
from staff import two_factor
from tests.factories import PASSWORD, app_code, client_for, draft, in_the_admin, make_city, make_user, staff

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
INDEX = reverse("admin:index")
VERIFY = reverse("admin:two_factor_verify")
ENROL = reverse("admin:two_factor_enrol")
SECURITY = reverse("admin:two_factor_security")


def code_from_uri(uri: str) -> str:
    """The current code of an ``otpauth://`` URI, as an app that scanned it would show."""
    secret = parse_qs(urlparse(uri).query)["secret"][0]
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key)
    totp.time = time.time()
    return f"{totp.token():06d}"


def password_step(client, username, password=PASSWORD):
    return client.post(f"{LOGIN}?next={INDEX}", {"username": username, "password": password})


@pytest.fixture
def city():
    return make_city(short_name="Serang", slug="serang")


@pytest.fixture
def redaktur(city):
    user = staff(city, Role.REDAKTUR, "redaktur-serang")
    device = TOTPDevice.objects.create(user=user, name=two_factor.AUTHENTICATOR_NAME, confirmed=True)
    return user, device


# --- the second step ------------------------------------------------------------------------------------------


def test_the_password_alone_logs_nobody_in(client, redaktur):
    response = password_step(client, "redaktur-serang")
    assert response.status_code == 302 and response.url == VERIFY
    assert "_auth_user_id" not in client.session
    assert client.get(INDEX).status_code == 302
    page = client.get(VERIFY).content.decode()
    assert "redaktur-serang" in page and 'autocomplete="one-time-code"' in page


def test_the_code_from_the_app_completes_the_login(client, redaktur):
    user, device = redaktur
    password_step(client, "redaktur-serang")
    response = client.post(VERIFY, {"code": app_code(device)})
    assert response.status_code == 302 and response.url == INDEX
    assert client.session["_auth_user_id"] == str(user.pk)
    assert in_the_admin(client)


def test_a_code_with_spaces_is_accepted(client, redaktur):
    _user, device = redaktur
    password_step(client, "redaktur-serang")
    code = app_code(device)
    client.post(VERIFY, {"code": f" {code[:3]} {code[3:]} "})
    assert in_the_admin(client)


def test_a_replayed_code_is_refused(client, redaktur):
    _user, device = redaktur
    with time_machine.travel(datetime.datetime(2026, 3, 2, 3, 0, 5, tzinfo=datetime.UTC), tick=False):
        code = app_code(device)
        password_step(client, "redaktur-serang")
        client.post(VERIFY, {"code": code})
        assert in_the_admin(client)
        client.post(reverse("admin:logout"))
        password_step(client, "redaktur-serang")
        response = client.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert "sudah dipakai" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_is_refused_and_the_next_attempts_slowed_down(client, redaktur):
    _user, device = redaktur
    with time_machine.travel(datetime.datetime(2026, 3, 2, 3, 0, 5, tzinfo=datetime.UTC), tick=False):
        password_step(client, "redaktur-serang")
        wrong = client.post(VERIFY, {"code": "000000" if app_code(device) != "000000" else "111111"})
        assert "Kode salah atau sudah dipakai" in wrong.content.decode()
        throttled = client.post(VERIFY, {"code": app_code(device)})
    assert "Coba lagi dalam" in throttled.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_backup_code_works_once(client, redaktur):
    user, _device = redaktur
    codes = two_factor.new_backup_codes(user)
    password_step(client, "redaktur-serang")
    client.post(VERIFY, {"code": codes[0].upper()})
    assert in_the_admin(client)
    assert StaticToken.objects.filter(device__user=user).count() == len(codes) - 1
    client.post(reverse("admin:logout"))
    password_step(client, "redaktur-serang")
    with time_machine.travel(datetime.timedelta(minutes=2)):  # past the throttle of nothing: a clean refusal
        client.post(VERIFY, {"code": codes[0]})
    assert "_auth_user_id" not in client.session


def test_the_pending_login_expires(client, redaktur):
    _user, device = redaktur
    password_step(client, "redaktur-serang")
    with time_machine.travel(datetime.timedelta(minutes=11)):
        response = client.post(VERIFY, {"code": app_code(device)})
    assert response.status_code == 302 and response.url == LOGIN
    assert "_auth_user_id" not in client.session


def test_a_password_change_meanwhile_ends_the_pending_login(client, redaktur):
    user, device = redaktur
    password_step(client, "redaktur-serang")
    user.set_password("Sandi-Baru-Yang-Panjang-9")
    user.save()
    response = client.post(VERIFY, {"code": app_code(device)})
    assert response.status_code == 302 and response.url == LOGIN


def test_a_stolen_password_cannot_enrol_a_new_phone(client, redaktur):
    password_step(client, "redaktur-serang")
    response = client.get(ENROL)
    assert response.status_code == 302 and response.url == LOGIN
    assert TOTPDevice.objects.filter(user=redaktur[0]).count() == 1


def test_superusers_need_the_second_factor_too(client):
    user = get_user_model().objects.create_superuser("kepala", password=PASSWORD)
    response = password_step(client, "kepala")
    assert response.url == ENROL
    assert "_auth_user_id" not in client.session
    assert user.pk


# --- enrolment ----------------------------------------------------------------------------------------------


def test_an_editor_without_an_app_enrols_at_login_and_gets_backup_codes(client, city):
    user = staff(city, Role.REDAKTUR, "redaktur-baru")
    response = password_step(client, "redaktur-baru")
    assert response.url == ENROL
    page = client.get(ENROL).content.decode()
    assert "<svg" in page and "qr-code" in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.get(ENROL) and TOTPDevice.objects.get(user=user, confirmed=False) == device  # same on reload

    wrong = client.post(ENROL, {"code": "12345"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session

    with time_machine.travel(datetime.timedelta(seconds=2)):  # after the throttle's delay for one wrong code
        response = client.post(ENROL, {"code": app_code(device)})
    assert response.url == reverse("admin:two_factor_backup_codes")
    codes_page = client.get(response.url).content.decode()
    codes = [token.token for token in StaticToken.objects.filter(device__user=user)]
    assert len(codes) == two_factor.BACKUP_CODE_COUNT and all(code in codes_page for code in codes)
    assert client.get(reverse("admin:two_factor_backup_codes")).status_code == 302  # shown once
    assert in_the_admin(client)
    device.refresh_from_db()
    assert device.confirmed


def test_a_writer_is_invited_but_not_obliged(client, city):
    staff(city, Role.PENULIS, "penulis-serang")
    response = password_step(client, "penulis-serang")
    assert response.url == INDEX
    assert any(ENROL in str(message) for message in get_messages(response.wsgi_request))
    assert in_the_admin(client)


def test_a_writer_who_enrols_is_asked_for_the_code_next_time(client, city):
    user = staff(city, Role.PENULIS, "penulis-serang")
    password_step(client, "penulis-serang")
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user)
    client.post(ENROL, {"code": app_code(device)})
    assert client.get(SECURITY).status_code == 200
    client.post(reverse("admin:logout"))
    assert password_step(client, "penulis-serang").url == VERIFY


def test_moving_to_a_new_phone_keeps_the_session_verified(client, redaktur):
    user, old = redaktur
    client = client_for(user)
    client.get(ENROL)
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    with time_machine.travel(datetime.timedelta(seconds=31)):
        client.post(ENROL, {"code": app_code(new)})
        assert in_the_admin(client)
    assert list(TOTPDevice.objects.filter(user=user)) == [new]


def test_only_a_writer_may_turn_it_off(city, redaktur):
    editor = client_for(redaktur[0])
    editor.post(SECURITY, {"action": "remove"})
    assert two_factor.has_second_factor(redaktur[0])

    writer = staff(city, Role.PENULIS, "penulis-serang")
    TOTPDevice.objects.create(user=writer, name="app", confirmed=True)
    client = client_for(writer)
    client.post(SECURITY, {"action": "remove"})
    assert not two_factor.has_second_factor(writer)


def test_new_backup_codes_replace_the_old(redaktur):
    user, _device = redaktur
    old = two_factor.new_backup_codes(user)
    client = client_for(user)
    response = client.post(SECURITY, {"action": "new_backup_codes"}, follow=True)
    new = [token.token for token in StaticToken.objects.filter(device__user=user)]
    assert not set(old) & set(new)
    assert all(code in response.content.decode() for code in new)


# --- sessions without the factor they need ----------------------------------------------------------------------


def test_a_writer_promoted_to_editor_must_verify_before_going_on(city):
    user = staff(city, Role.PENULIS, "penulis-serang")
    hidden = draft(city, author=user)
    client = client_for(user)
    assert in_the_admin(client) and client.get(hidden.get_absolute_url()).status_code == 200
    Membership.objects.filter(user=user).update(role=Role.REDAKTUR)
    assert client.get(INDEX).status_code == 302
    # Nor does the public site see a logged-in editor: no preview of drafts.
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_a_city_admin_resets_a_lost_phone(city, redaktur):
    user, _device = redaktur
    editor_session = client_for(user)
    admin = client_for(staff(city, Role.ADMIN, "admin-serang"))
    admin.post(reverse("admin:auth_user_changelist"), {"action": "reset_two_factor", "_selected_action": [user.pk]})
    assert not two_factor.has_second_factor(user)
    assert not in_the_admin(editor_session)
    assert password_step(editor_session, "redaktur-serang").url == ENROL


def test_a_city_admin_cannot_reset_another_citys_staff(city, redaktur):
    other = staff(make_city(short_name="Cimahi", slug="cimahi"), Role.REDAKTUR, "redaktur-cimahi")
    TOTPDevice.objects.create(user=other, name="app", confirmed=True)
    admin = client_for(staff(city, Role.ADMIN, "admin-serang"))
    admin.post(reverse("admin:auth_user_changelist"), {"action": "reset_two_factor", "_selected_action": [other.pk]})
    assert two_factor.has_second_factor(other)


# --- accounts made by a script ----------------------------------------------------------------------------------


def run_create_staff(monkeypatch, *args) -> str:
    monkeypatch.setattr(sys, "stdin", io.StringIO("Rakor-Kemitraan-2023!\n"))
    out = io.StringIO()
    call_command("create_staff", *args, stdout=out)
    return out.getvalue()


def test_create_staff_prints_the_secret_of_an_editor_once_and_it_logs_in(client, monkeypatch, city):
    output = run_create_staff(monkeypatch, "redaktur-skrip", "--city", "serang", "--role", "redaktur")
    uri = re.search(r"^otpauth://totp/\S+$", output, re.MULTILINE).group(0)
    assert "secret=" in uri and "issuer=" in uri
    client.post(f"{LOGIN}?next={INDEX}", {"username": "redaktur-skrip", "password": "Rakor-Kemitraan-2023!"})
    client.post(VERIFY, {"code": code_from_uri(uri)})
    assert in_the_admin(client)


def test_create_staff_gives_a_writer_a_secret_only_when_asked(monkeypatch, city):
    assert "otpauth://" not in run_create_staff(monkeypatch, "penulis-skrip", "--city", "serang", "--role", "penulis")
    output = run_create_staff(monkeypatch, "penulis-dua", "--city", "serang", "--role", "penulis", "--two-factor")
    assert "otpauth://" in output


def test_plain_staff_without_a_city_are_not_asked_for_a_code(client):
    make_user("tamu", is_staff=True)
    assert password_step(client, "tamu").status_code == 302
    assert not TOTPDevice.objects.exists()


def test_the_code_of_a_printed_secret_for_scripts(monkeypatch, city):
    output = run_create_staff(monkeypatch, "admin-skrip", "--city", "serang", "--role", "admin")
    uri = re.search(r"^otpauth://totp/\S+$", output, re.MULTILINE).group(0)
    printed = io.StringIO()
    call_command("two_factor_code", uri, stdout=printed)
    assert printed.getvalue().strip() == code_from_uri(uri)
