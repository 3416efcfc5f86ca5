"""Plain factory functions: every field has a sensible default that a test can override."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article, Mention
from cities.models import City, Event, Official, Position

_counter = itertools.count(1)


def _next() -> int:
    return next(_counter)


def make_city(**fields) -> City:
    n = _next()
    fields.setdefault("short_name", f"Kota Uji {n}")
    fields.setdefault("name", f"Kota {fields['short_name']}")
    fields.setdefault("slug", f"kota-uji-{n}")
    fields.setdefault("province", "Banten")
    return City.objects.create(**fields)


def make_official(**fields) -> Official:
    n = _next()
    fields.setdefault("name", f"Pejabat {n}")
    fields.setdefault("slug", f"pejabat-{n}")
    return Official.objects.create(**fields)


def make_position(official=None, **fields) -> Position:
    fields.setdefault("title", "Wali Kota")
    if "city" not in fields and not fields.get("organisation"):
        fields["city"] = make_city()
    return Position.objects.create(official=official or make_official(), **fields)


def make_event(**fields) -> Event:
    n = _next()
    fields.setdefault("name", f"Rakor Uji {n}")
    fields.setdefault("slug", f"rakor-uji-{n}")
    fields.setdefault("starts_on", datetime.date(2023, 7, 10))
    return Event.objects.create(**fields)


def make_article(*, cities=(), tags=(), officials=(), **fields) -> Article:
    n = _next()
    fields.setdefault("headline", f"Berita uji {n}")
    fields.setdefault("slug", f"berita-uji-{n}")
    fields.setdefault("body", f"<p>Isi berita {n}.</p>")
    fields.setdefault("status", Article.Status.PUBLISHED)
    if fields["status"] == Article.Status.PUBLISHED:
        fields.setdefault("published_at", timezone.now() - datetime.timedelta(hours=n))
    if "city" not in fields:
        fields["city"] = cities[0] if cities else make_city()
    article = Article.objects.create(**fields)
    article.cities.set(cities or [article.city])
    if tags:
        article.tags.set(list(tags))
    for order, official in enumerate(officials):
        Mention.objects.create(article=article, official=official, order=order)
    return article


def make_user(username=None, **fields):
    User = get_user_model()
    user = User.objects.create_user(username or f"user{_next()}", password="kata-sandi-uji-123", **fields)
    return user
