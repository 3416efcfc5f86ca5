"""Password reset by e-mail, and how passwords are stored."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from cities.models import Role
from tests.factories import PASSWORD, make_city, staff

pytestmark = pytest.mark.django_db

RESET = reverse("admin_password_reset")
NEW_PASSWORD = "Sandi-Baru-Yang-Panjang-9"


@pytest.fixture
def editor():
    user = staff(make_city(short_name="Serang", slug="serang"), Role.REDAKTUR, "redaktur-serang")
    user.email = "redaktur@serangkota.go.id"
    user.save()
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return user


def request_reset(client, email):
    return client.post(RESET, {"email": email})


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+/)", message.body).group(1)


def set_password(client, link, password=NEW_PASSWORD):
    form_url = client.get(link).url  # Django moves the token out of the address before showing the form
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def test_the_login_page_offers_the_reset(client):
    assert RESET in client.get(reverse("admin:login")).content.decode()


def test_known_and_unknown_addresses_get_the_same_answer(client, editor):
    known = request_reset(client, editor.email)
    unknown = request_reset(client, "bukan-staf@example.com")
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [editor.email]


def test_the_link_sets_a_new_password_once_and_logs_nobody_in(client, editor):
    request_reset(client, editor.email)
    link = link_in(mail.outbox[0])
    response = set_password(client, link)
    assert response.status_code == 302 and response.url == reverse("password_reset_complete")
    editor.refresh_from_db()
    assert editor.check_password(NEW_PASSWORD)
    assert "_auth_user_id" not in client.session
    # Used once: the same link no longer shows a form.
    again = client.get(link, follow=True)
    assert "new_password1" not in again.content.decode()


def test_the_link_expires_after_an_hour(client, editor):
    request_reset(client, editor.email)
    link = link_in(mail.outbox[0])
    with time_machine.travel(datetime.timedelta(minutes=61)):
        page = client.get(link, follow=True)
    assert "new_password1" not in page.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


def test_a_reset_does_not_skip_the_second_factor(client, editor):
    request_reset(client, editor.email)
    set_password(client, link_in(mail.outbox[0]))
    response = client.post(reverse("admin:login"), {"username": "redaktur-serang", "password": NEW_PASSWORD})
    assert response.url == reverse("admin:two_factor_verify")
    assert "_auth_user_id" not in client.session


def test_a_weak_new_password_is_refused_in_indonesian(client, editor):
    request_reset(client, editor.email)
    response = set_password(client, link_in(mail.outbox[0]), password="serang2026")
    assert response.status_code == 200
    assert "terlalu pendek" in response.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


def test_new_passwords_are_hashed_with_argon2_and_old_hashes_upgraded_at_login(client, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    city = make_city(short_name="Serang", slug="serang")
    user = staff(city, Role.PENULIS, "penulis-serang")
    assert user.password.startswith("argon2")
    # An account from before Argon2: PBKDF2, as Django stored it.
    get_user_model().objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    client.post(reverse("admin:login"), {"username": "penulis-serang", "password": PASSWORD})
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
