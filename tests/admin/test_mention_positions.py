"""The position named beside a mentioned official (or a speaker) is one of that official's: the form refuses
another's, and warns when the official did not hold it on the article's day."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from articles.models import Article
from cities.models import EventSpeaker, Role
from tests.factories import (
    article_data,
    client_for,
    make_city,
    make_event,
    make_official,
    make_position,
    management,
    message_levels,
    staff,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officials(serang):
    bogor = make_city(short_name="Bogor", slug="bogor")
    syafrudin = make_official(name="Syafrudin", honorific_prefix="H.", slug="syafrudin")
    bima = make_official(name="Bima Arya", slug="bima-arya")
    return {
        "syafrudin": syafrudin,
        "serang": make_position(syafrudin, title="Wali Kota", city=serang, starts_on=datetime.date(2018, 12, 1)),
        "former": make_position(
            syafrudin,
            title="Wakil Wali Kota",
            city=serang,
            starts_on=datetime.date(2013, 12, 1),
            ends_on=datetime.date(2018, 11, 30),
        ),
        "bogor": make_position(bima, title="Wali Kota", city=bogor, starts_on=datetime.date(2019, 4, 20)),
    }


def with_mention(city, official, position, **fields) -> dict:
    return article_data(
        city,
        **management("mentions", total=1),
        **{
            "mentions-0-id": "",
            "mentions-0-article": "",
            "mentions-0-official": str(official.pk),
            "mentions-0-position": str(position.pk),
            "mentions-0-order": "0",
        },
        **fields,
    )


def inline_errors(response) -> list[dict[str, list[str]]]:
    (mentions,) = response.context["inline_admin_formsets"]
    return [
        {field: [e.code for e in errors] for field, errors in form.errors.as_data().items()}
        for form in mentions.formset
    ]


def test_a_position_of_another_official_is_refused(serang, officials):
    client = client_for(staff(serang, Role.REDAKTUR))

    response = client.post(url("add"), with_mention(serang, officials["syafrudin"], officials["bogor"]))

    assert response.status_code == 200
    assert inline_errors(response) == [{"position": ["position_of_another_official"]}]
    assert "Bima Arya" in response.content.decode()  # says whose position it is
    assert not Article.objects.exists()


def test_a_position_of_the_official_is_saved(serang, officials):
    client = client_for(staff(serang, Role.REDAKTUR))

    response = client.post(url("add"), with_mention(serang, officials["syafrudin"], officials["serang"]))

    assert response.status_code == 302
    mention = Article.objects.get().mentions.get()
    assert mention.position == officials["serang"]
    assert "warning" not in message_levels(response)


def test_a_position_not_held_on_the_articles_day_is_saved_with_a_warning(serang, officials):
    client = client_for(staff(serang, Role.REDAKTUR))

    response = client.post(url("add"), with_mention(serang, officials["syafrudin"], officials["former"]))

    assert response.status_code == 302
    assert Article.objects.get().mentions.get().position == officials["former"]
    assert "warning" in message_levels(response)


def test_a_speaker_with_another_officials_position_is_refused(officials):
    speaker = EventSpeaker(event=make_event(), official=officials["syafrudin"], position=officials["bogor"])
    with pytest.raises(ValidationError) as error:
        speaker.full_clean()
    assert [e.code for e in error.value.error_dict["position"]] == ["position_of_another_official"]
