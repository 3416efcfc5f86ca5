"""What ends a staff session: idleness, the end of the working day, a password change, a deactivation, the loss
of the last city; and what keeps it: activity."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from cities.models import Membership, Role
from tests.factories import PASSWORD, client_for, in_the_admin, make_city, staff

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
STILL_HERE = reverse("admin:still_here")
START = datetime.datetime(2026, 3, 2, 1, 0, tzinfo=datetime.UTC)


@pytest.fixture
def city():
    return make_city(short_name="Serang", slug="serang")


@pytest.fixture
def writer(city):
    return staff(city, Role.PENULIS, "penulis-serang")


def test_an_idle_session_ends_with_a_message(writer):
    with time_machine.travel(START, tick=False) as clock:
        client = client_for(writer)
        clock.shift(datetime.timedelta(minutes=61))
        response = client.get(INDEX, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("admin:login"))
    assert "_auth_user_id" not in client.session
    assert "tidak ada aktivitas" in response.content.decode()


def test_activity_keeps_the_session_within_the_working_day(writer):
    with time_machine.travel(START, tick=False) as clock:
        client = client_for(writer)
        for _ in range(14):  # seven hours, a request every half hour
            clock.shift(datetime.timedelta(minutes=30))
            assert in_the_admin(client)


def test_typing_reported_by_the_page_counts_as_activity(writer, settings):
    with time_machine.travel(START, tick=False) as clock:
        client = client_for(writer)
        for _ in range(3):
            clock.shift(datetime.timedelta(minutes=50))
            assert client.post(STILL_HERE).status_code == 204
        assert in_the_admin(client)


def test_the_session_ends_after_eight_hours_whatever_the_activity(writer):
    with time_machine.travel(START, tick=False) as clock:
        client = client_for(writer)
        for _ in range(16):
            clock.shift(datetime.timedelta(minutes=30))
            client.get(INDEX)
        clock.shift(datetime.timedelta(minutes=5))
        assert not in_the_admin(client)


def test_a_password_change_ends_the_other_sessions(writer):
    office, phone = client_for(writer), client_for(writer)
    response = office.post(
        reverse("admin:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Sandi-Baru-Yang-Panjang-9",
            "new_password2": "Sandi-Baru-Yang-Panjang-9",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert in_the_admin(office)
    assert not in_the_admin(phone)


def test_deactivating_an_account_ends_its_sessions(city, writer):
    session = client_for(writer)
    admin = client_for(staff(city, Role.ADMIN, "admin-serang"))
    admin.post(
        reverse("admin:auth_user_changelist"), {"action": "deactivate_selected", "_selected_action": [writer.pk]}
    )
    writer.refresh_from_db()
    assert not writer.is_active
    assert not in_the_admin(session)


def test_removing_the_last_membership_ends_the_sessions(city, writer):
    session = client_for(writer)
    admin = client_for(staff(city, Role.ADMIN, "admin-serang"))
    membership = Membership.objects.get(user=writer)
    admin.post(reverse("admin:cities_membership_delete", args=[membership.pk]), {"post": "yes"})
    assert not Membership.objects.filter(user=writer).exists()
    assert not in_the_admin(session)


def test_a_reader_without_a_session_cookie_is_not_touched(client, writer):
    response = client.get("/")
    assert "Cookie" not in response.get("Vary", "")
    assert "X-Request-ID" in response
