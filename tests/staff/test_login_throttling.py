"""Login throttling locks the pair (username, address), never a whole office's shared IP."""

import datetime

import pytest
import time_machine

from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.throttling]

OFFICE_IP = "203.0.113.7"


def attempt(client, username, password, ip=OFFICE_IP):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


@pytest.fixture
def users(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    return make_user("penulis-serang", is_staff=True), make_user("redaktur-serang", is_staff=True)


def test_repeated_failures_lock_that_user_at_that_address(client, users):
    for _ in range(3):
        attempt(client, "penulis-serang", "salah")
    response = attempt(client, "penulis-serang", PASSWORD)
    assert response.status_code == 429
    assert b"15" in response.content
    assert "_auth_user_id" not in client.session


def test_colleague_behind_the_same_ip_can_still_log_in(client, users):
    for _ in range(3):
        attempt(client, "penulis-serang", "salah")
    response = attempt(client, "redaktur-serang", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(users[1].pk)


def test_same_user_from_another_address_is_not_locked(client, users):
    for _ in range(3):
        attempt(client, "penulis-serang", "salah")
    assert attempt(client, "penulis-serang", PASSWORD, ip="198.51.100.9").status_code == 302


def test_lock_is_released_after_the_cool_off(client, users):
    for _ in range(3):
        attempt(client, "penulis-serang", "salah")
    with time_machine.travel(datetime.timedelta(minutes=16)):
        assert attempt(client, "penulis-serang", PASSWORD).status_code == 302
