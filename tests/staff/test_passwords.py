"""Staff passwords: twelve characters at least, and never built on the office's own words."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.factories import PASSWORD, make_city


@pytest.fixture
def cities(db):
    make_city(name="Kota Bandung", short_name="Bandung", slug="bandung")
    make_city(name="Kota Serang", short_name="Serang", slug="serang")


@pytest.mark.parametrize(
    "password", ["bandung2026", "serang2026", "humasserang", "pemkotserang", "Bandung-2026!!", "HumasSerang#2026"]
)
def test_passwords_built_on_the_office_words_are_refused_in_indonesian(cities, password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    messages = " ".join(refused.value.messages)
    assert "kata yang pertama dicoba" in messages or "terlalu pendek" in messages


def test_the_context_words_are_named(cities):
    with pytest.raises(ValidationError) as refused:
        validate_password("Humas-Bandung-2026!")
    assert any("bandung, humas" in message for message in refused.value.messages)


@pytest.mark.parametrize("password", [PASSWORD, "kopi-susu-pagi-hari-71", "Serang: lumba-lumba-merah-9"])
def test_other_long_passwords_are_accepted(cities, password):
    validate_password(password)


def test_short_passwords_are_refused(cities):
    with pytest.raises(ValidationError):
        validate_password("Xq7#mP2!vL")  # ten characters
