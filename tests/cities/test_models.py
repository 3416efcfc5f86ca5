"""The reference models: events with and without dates, positions, and the title an official held on a day."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from cities.models import Event, Position
from tests.factories import make_city, make_event, make_official, make_position


@pytest.mark.django_db
def test_event_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(starts_on=datetime.date(2023, 7, 14), ends_on=datetime.date(2023, 7, 10))


@pytest.mark.django_db
def test_planned_event_without_a_date_is_allowed():
    event = make_event(starts_on=None, date_note="pertengahan 2020")
    assert event in Event.objects.undated()
    assert event not in Event.objects.upcoming() and event not in Event.objects.past()


@pytest.mark.django_db
def test_upcoming_and_past_events():
    today = datetime.date(2023, 7, 12)
    running = make_event(starts_on=datetime.date(2023, 7, 10), ends_on=datetime.date(2023, 7, 14))
    later = make_event(starts_on=datetime.date(2023, 8, 1))
    over = make_event(starts_on=datetime.date(2023, 1, 1), ends_on=datetime.date(2023, 1, 2))
    assert list(Event.objects.upcoming(today)) == [running, later]
    assert list(Event.objects.past(today)) == [over]


@pytest.mark.django_db
def test_position_needs_a_city_or_an_organisation():
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.create(official=make_official(), title="Ketua Umum")


@pytest.mark.django_db
def test_official_shows_the_title_held_on_the_day():
    bogor = make_city(short_name="Bogor", name="Kota Bogor", slug="bogor")
    bima = make_official(name="Bima Arya", slug="bima-arya")
    make_position(bima, city=bogor, starts_on=datetime.date(2014, 4, 7), ends_on=datetime.date(2024, 4, 20))
    make_position(
        bima, title="Ketua Umum APEKSI", city=None, organisation="APEKSI", starts_on=datetime.date(2024, 1, 1)
    )
    assert bima.position_on(datetime.date(2020, 1, 17)).display_title == "Wali Kota Bogor"
    # Both held: the latest appointment wins; a mention can name another position explicitly.
    assert bima.position_on(datetime.date(2024, 3, 1)).display_title == "Ketua Umum APEKSI"
    assert bima.position_on(datetime.date(2025, 1, 1)).display_title == "Ketua Umum APEKSI"
    assert bima.position_on(datetime.date(2010, 1, 1)) is None


@pytest.mark.django_db
def test_acting_title_gets_pj_prefix():
    cimahi = make_city(short_name="Cimahi", name="Kota Cimahi", slug="cimahi")
    position = make_position(city=cimahi, tenure=Position.Tenure.ACTING)
    assert position.display_title == "Pj. Wali Kota Cimahi"
