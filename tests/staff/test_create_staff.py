"""The create_staff management command: a staff account with a role in one city."""

import io
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from cities.models import Membership, Role
from staff.roles import GROUP_NAMES
from tests.factories import make_city

PASSWORD = "Rakor-Kemitraan-2023!"


@pytest.fixture
def stdin(monkeypatch):
    """Feeds the command's password through a non-terminal standard input."""

    def feed(text: str):
        monkeypatch.setattr(sys, "stdin", io.StringIO(text))

    return feed


@pytest.fixture
def terminal(monkeypatch):
    """Makes standard input a terminal whose password prompts get ``answers`` in turn."""

    def answer(*answers: str):
        tty = io.StringIO()
        tty.isatty = lambda: True
        monkeypatch.setattr(sys, "stdin", tty)
        replies = iter(answers)
        monkeypatch.setattr("getpass.getpass", lambda prompt="": next(replies))

    return answer


def run(*args) -> str:
    out = io.StringIO()
    call_command("create_staff", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_creates_staff_user_with_role_city_and_group(stdin):
    city = make_city(short_name="Serang", slug="serang")
    stdin(PASSWORD + "\n")

    output = run("budi", "--city", "serang", "--role", "penulis", "--email", "budi@serangkota.go.id")

    user = get_user_model().objects.get(username="budi")
    assert user.is_staff
    assert not user.is_superuser
    assert user.email == "budi@serangkota.go.id"
    assert user.check_password(PASSWORD)
    membership = Membership.objects.get(user=user)
    assert (membership.city, membership.role) == (city, Role.PENULIS)
    assert list(user.groups.values_list("name", flat=True)) == [GROUP_NAMES[Role.PENULIS]]
    assert user.has_perm("articles.add_article")
    assert not user.has_perm("articles.delete_article")
    assert "dibuat" in output


@pytest.mark.django_db
def test_password_is_read_from_stdin_without_trailing_newline(stdin):
    make_city(slug="serang")
    stdin("Kata sandi dengan spasi 42\n")

    run("sari", "--city", "serang", "--role", "redaktur")

    user = get_user_model().objects.get(username="sari")
    assert user.check_password("Kata sandi dengan spasi 42")
    assert user.has_perm("articles.delete_article")


@pytest.mark.django_db
def test_password_is_prompted_twice_on_a_terminal(terminal):
    make_city(slug="serang")
    terminal(PASSWORD, PASSWORD)

    run("tono", "--city", "serang", "--role", "admin")

    assert get_user_model().objects.get(username="tono").check_password(PASSWORD)


@pytest.mark.django_db
def test_different_passwords_on_a_terminal_are_refused(terminal):
    make_city(slug="serang")
    terminal(PASSWORD, PASSWORD + "x")

    with pytest.raises(CommandError):
        run("tono", "--city", "serang", "--role", "admin")
    assert not get_user_model().objects.filter(username="tono").exists()


@pytest.mark.django_db
def test_unknown_city_is_a_command_error(stdin):
    stdin(PASSWORD + "\n")

    with pytest.raises(CommandError, match="tidak-ada"):
        run("budi", "--city", "tidak-ada", "--role", "penulis")
    assert not get_user_model().objects.filter(username="budi").exists()


@pytest.mark.parametrize("weak", ["123", "password", "12345678901", ""])
@pytest.mark.django_db
def test_weak_or_empty_password_is_a_command_error(stdin, weak):
    make_city(slug="serang")
    stdin(weak + "\n")

    with pytest.raises(CommandError):
        run("budi", "--city", "serang", "--role", "penulis")
    assert not get_user_model().objects.filter(username="budi").exists()


@pytest.mark.django_db
def test_unknown_role_is_refused(stdin):
    make_city(slug="serang")
    stdin(PASSWORD + "\n")

    with pytest.raises(CommandError):
        run("budi", "--city", "serang", "--role", "pemimpin")


@pytest.mark.django_db
def test_running_twice_updates_the_account(stdin):
    city = make_city(slug="serang")
    stdin(PASSWORD + "\n")
    run("budi", "--city", "serang", "--role", "penulis")

    stdin("Sandi-Baru-Rakernas-XVI\n")
    output = run("budi", "--city", "serang", "--role", "redaktur", "--email", "budi@example.org")

    User = get_user_model()
    assert User.objects.filter(username="budi").count() == 1
    user = User.objects.get(username="budi")
    assert user.check_password("Sandi-Baru-Rakernas-XVI")
    assert user.email == "budi@example.org"
    assert Membership.objects.filter(user=user).count() == 1
    assert Membership.objects.get(user=user, city=city).role == Role.REDAKTUR
    assert GROUP_NAMES[Role.REDAKTUR] in set(user.groups.values_list("name", flat=True))
    assert "diperbarui" in output


@pytest.mark.django_db
def test_second_city_adds_a_membership(stdin):
    make_city(slug="serang")
    make_city(slug="cilegon")
    stdin(PASSWORD + "\n")
    run("budi", "--city", "serang", "--role", "penulis")
    stdin(PASSWORD + "\n")
    run("budi", "--city", "cilegon", "--role", "redaktur")

    user = get_user_model().objects.get(username="budi")
    assert dict(Membership.objects.filter(user=user).values_list("city__slug", "role")) == {
        "serang": Role.PENULIS,
        "cilegon": Role.REDAKTUR,
    }
    assert set(user.groups.values_list("name", flat=True)) == {GROUP_NAMES[Role.PENULIS], GROUP_NAMES[Role.REDAKTUR]}


@pytest.mark.django_db
def test_demotion_removes_the_old_role_group(stdin):
    make_city(slug="serang")
    stdin(PASSWORD + "\n")
    run("budi", "--city", "serang", "--role", "redaktur")
    stdin(PASSWORD + "\n")
    run("budi", "--city", "serang", "--role", "penulis")

    user = get_user_model().objects.get(username="budi")
    assert set(user.groups.values_list("name", flat=True)) == {GROUP_NAMES[Role.PENULIS]}
