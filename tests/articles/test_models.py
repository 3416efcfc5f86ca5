"""The article model: the publish rule, integrity in the database, the body sanitised on save, local times."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction

from articles.models import Article
from tests.factories import make_article, make_city

MOMENT = datetime.datetime(2023, 7, 12, 3, 0, tzinfo=datetime.UTC)


@pytest.mark.django_db
@time_machine.travel(MOMENT, tick=False)
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
    article = make_article(status=status, published_at=MOMENT + offset)
    assert (article in Article.objects.published()) is visible
    assert article.is_published is visible


@pytest.mark.django_db
def test_scheduled_article_appears_at_its_minute_without_any_job():
    article = make_article(published_at=MOMENT + datetime.timedelta(hours=1))
    with time_machine.travel(MOMENT, tick=False):
        assert not Article.objects.published().filter(pk=article.pk).exists()
    with time_machine.travel(MOMENT + datetime.timedelta(hours=1), tick=False):
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
