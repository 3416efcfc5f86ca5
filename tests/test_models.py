"""The model layer: the publish rule, integrity in the database, titles at the time."""

import datetime
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, transaction

from articles.models import Article
from cities.models import Event, Position
from tests.factories import make_article, make_city, make_event, make_official, make_position

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime.datetime(2023, 7, 12, 3, 0, tzinfo=datetime.UTC)


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("status", "offset", "visible"),
    [
        (Article.Status.PUBLISHED, datetime.timedelta(minutes=-1), True),
        (Article.Status.PUBLISHED, datetime.timedelta(0), True),
        (Article.Status.PUBLISHED, datetime.timedelta(seconds=1), False),
        (Article.Status.DRAFT, datetime.timedelta(minutes=-1), False),
        (Article.Status.DRAFT, datetime.timedelta(days=1), False),
    ],
)
def test_publish_truth_table(status, offset, visible):
    """Published means status Published and a publication time not in the future."""
    article = make_article(status=status, published_at=NOW + offset)
    assert (article in Article.objects.published()) is visible
    assert article.is_published is visible


@pytest.mark.django_db
def test_scheduled_article_appears_at_its_minute_without_any_job():
    article = make_article(published_at=NOW + datetime.timedelta(hours=1))
    with time_machine.travel(NOW, tick=False):
        assert not Article.objects.published().filter(pk=article.pk).exists()
    with time_machine.travel(NOW + datetime.timedelta(hours=1), tick=False):
        assert Article.objects.published().filter(pk=article.pk).exists()


@pytest.mark.django_db
def test_published_article_needs_a_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(status=Article.Status.PUBLISHED, published_at=None)


@pytest.mark.django_db
def test_status_is_constrained_in_the_database():
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(status="terbit")


@pytest.mark.django_db
def test_duplicate_article_slug_is_refused():
    make_article(slug="sama")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(slug="sama")


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


@pytest.mark.django_db
def test_body_is_sanitised_on_save():
    article = make_article(body='<p onclick="x()">Halo<script>alert(1)</script></p>')
    article.refresh_from_db()
    assert article.body == "<p>Halo</p>"


@pytest.mark.django_db
def test_local_publication_time_uses_the_desk_city_zone():
    makassar = make_city(slug="makassar", time_zone="Asia/Makassar")
    article = make_article(city=makassar, published_at=datetime.datetime(2023, 7, 11, 17, 30, tzinfo=datetime.UTC))
    assert article.local_published_at.isoformat() == "2023-07-12T01:30:00+08:00"
    assert article.city.zone_abbreviation == "WITA"


@pytest.mark.django_db
def test_migrations_are_in_step_with_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_cities_app_does_not_depend_on_articles():
    for source in (ROOT / "cities").rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert "from articles" not in text and "import articles" not in text, source


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "newsroom.settings", "DJANGO_DEBUG": "0", "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_site_speaks_indonesian_whatever_the_browser_asks(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "id"
    client.cookies["django_language"] = "en"
    assert client.get("/").headers["Content-Language"] == "en"
    client.cookies["django_language"] = "xx"
    assert client.get("/").headers["Content-Language"] == "id"
