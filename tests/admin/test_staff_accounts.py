"""Staff accounts and memberships in the admin: a city admin creates, edits, deactivates and resets the passwords
of their own city's writers and editors only; a superuser has Django's full user admin."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cities.models import Membership, Role
from staff.roles import GROUP_NAMES
from tests.factories import (
    changelist_objects,
    client_for,
    form_errors,
    make_user,
    staff,
    staff_in_cities,
    superuser,
    url,
)

pytestmark = pytest.mark.django_db

User = get_user_model()


def user_url(name="changelist", *args):
    return url(name, *args, model="auth_user")


def new_staff_data(city, **overrides):
    data = {
        "username": "penulis_baru",
        "password1": "Kata-sandi-baru-123",
        "password2": "Kata-sandi-baru-123",
        "first_name": "Siti",
        "last_name": "Aminah",
        "email": "siti@example.org",
        "city": str(city.pk),
        "role": Role.PENULIS,
    }
    data.update(overrides)
    return data


def test_city_admin_creates_a_staff_account_for_their_city(serang, cimahi):
    client = client_for(staff(serang, Role.ADMIN))

    assert client.post(user_url("add"), new_staff_data(cimahi)).status_code == 200
    response = client.post(user_url("add"), new_staff_data(serang, role=Role.ADMIN))
    assert "role" in response.context["adminform"].form.errors
    response = client.post(
        user_url("add"), new_staff_data(serang, is_superuser="on", groups=["1"], user_permissions=["1"])
    )

    assert response.status_code == 302
    user = User.objects.get(username="penulis_baru")
    assert user.is_staff and user.is_active and not user.is_superuser
    assert not user.user_permissions.exists()
    assert list(user.groups.values_list("name", flat=True)) == [GROUP_NAMES[Role.PENULIS]]
    assert list(Membership.objects.filter(user=user).values_list("city", "role")) == [(serang.pk, Role.PENULIS)]
    assert user.check_password("Kata-sandi-baru-123")


def test_city_admin_sees_and_deactivates_only_their_citys_staff(serang, cimahi):
    admin_kota = staff(serang, Role.ADMIN, "admin_serang")
    ours = staff(serang, Role.PENULIS, "penulis_serang")
    theirs = staff(cimahi, Role.PENULIS, "penulis_cimahi")
    superuser()
    client = client_for(admin_kota)

    response = client.get(user_url())
    assert {u.username for u in changelist_objects(response)} == {"admin_serang", "penulis_serang"}
    assert client.get(user_url(), {"q": "cimahi"}).context["cl"].result_count == 0

    response = client.get(user_url("change", theirs.pk))
    assert response.status_code == 302 and response.url == reverse("admin:index")
    assert client.get(user_url("password_change", theirs.pk)).status_code == 404

    page = client.get(user_url("change", ours.pk))
    assert set(page.context["adminform"].form.fields) == {"first_name", "last_name", "email", "is_active"}
    response = client.post(
        user_url("change", ours.pk),
        {"first_name": "Baru", "last_name": "", "email": "", "is_superuser": "on", "is_staff": "", "groups": ["1"]},
    )
    assert response.status_code == 302
    ours.refresh_from_db()
    assert (ours.first_name, ours.is_active, ours.is_staff, ours.is_superuser) == ("Baru", False, True, False)

    client.post(user_url(), {"action": "deactivate_selected", "index": "0", "_selected_action": [theirs.pk]})
    theirs.refresh_from_db()
    assert theirs.is_active


def test_city_admin_resets_a_staff_password_of_their_city(serang):
    client = client_for(staff(serang, Role.ADMIN))
    ours = staff(serang, Role.REDAKTUR)
    response = client.post(
        user_url("password_change", ours.pk),
        {"password1": "Sandi-baru-yang-kuat-9", "password2": "Sandi-baru-yang-kuat-9", "usable_password": "true"},
    )
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.check_password("Sandi-baru-yang-kuat-9")


def test_city_admin_cannot_change_staff_who_also_work_elsewhere_or_other_admins(serang, cimahi):
    admin_kota = staff(serang, Role.ADMIN)
    shared = staff_in_cities("berbagi", (serang, Role.PENULIS), (cimahi, Role.PENULIS))
    fellow_admin = staff(serang, Role.ADMIN)
    client = client_for(admin_kota)

    for user in (shared, fellow_admin):
        page = client.get(user_url("change", user.pk))
        assert page.status_code == 200 and page.context["has_change_permission"] is False
        assert client.post(user_url("change", user.pk), {"is_active": ""}).status_code == 403
        user.refresh_from_db()
        assert user.is_active
    # Only their role in Serang is shown.
    page = client.get(user_url("change", shared.pk))
    assert "Serang" in page.content.decode() and "Cimahi" not in page.content.decode()


def test_city_admin_cannot_deactivate_themselves(serang):
    admin_kota = staff(serang, Role.ADMIN)
    client = client_for(admin_kota)
    response = client.post(user_url("change", admin_kota.pk), {"first_name": "", "last_name": "", "email": ""})
    assert response.status_code == 200
    admin_kota.refresh_from_db()
    assert admin_kota.is_active


@pytest.mark.parametrize("role", [Role.PENULIS, Role.REDAKTUR])
def test_writers_and_editors_have_no_user_admin(serang, role):
    client = client_for(staff(serang, role))
    assert client.get(user_url()).status_code == 403
    assert client.get(user_url("add")).status_code == 403


def test_membership_choices_hide_staff_of_other_cities(serang, cimahi):
    client = client_for(staff(serang, Role.ADMIN))
    staff(cimahi, Role.PENULIS, "orang_cimahi")
    unassigned = make_user("belum_ditugaskan", is_staff=True)
    page = client.get(reverse("admin:cities_membership_add"))
    users = {u.username for u in page.context["adminform"].form.fields["user"].queryset}
    assert "orang_cimahi" not in users and unassigned.username in users
    roles = {value for value, _label in page.context["adminform"].form.fields["role"].choices if value}
    assert roles == {Role.PENULIS, Role.REDAKTUR}


def test_superuser_has_the_full_user_admin(serang):
    client = client_for(superuser())
    staff(serang, Role.PENULIS, "siapa_saja")
    response = client.get(user_url())
    assert "siapa_saja" in {u.username for u in changelist_objects(response)}
    page = client.get(user_url("change", User.objects.get(username="siapa_saja").pk))
    assert "is_superuser" in page.context["adminform"].form.fields


def test_city_admin_manages_memberships_of_their_city(serang, palangka_raya):
    client = client_for(staff(serang, Role.ADMIN, "admin_serang"))
    staff(palangka_raya, Role.PENULIS, "penulis_palangka")
    newcomer = make_user("baru", is_staff=True)

    response = client.get(reverse("admin:cities_membership_changelist"))
    assert {str(m.user) for m in changelist_objects(response)} == {"admin_serang"}

    response = client.post(
        reverse("admin:cities_membership_add"), {"user": newcomer.pk, "city": palangka_raya.pk, "role": "penulis"}
    )
    assert form_errors(response) == {"city": ["invalid_choice"]}

    response = client.post(
        reverse("admin:cities_membership_add"), {"user": newcomer.pk, "city": serang.pk, "role": "redaktur"}
    )
    assert response.status_code == 302
    assert set(newcomer.groups.values_list("name", flat=True)) == {GROUP_NAMES[Role.REDAKTUR]}

    membership = Membership.objects.get(user=newcomer)
    response = client.post(reverse("admin:cities_membership_delete", args=[membership.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not newcomer.groups.exists()
