"""The worlds the public-site tests read: one of everything published and linked together, the same with a draft
and a scheduled article linked to everything, and a story with a hero image and a city logo."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from articles.models import Article, DailyViews
from cities.models import EventSpeaker, TimeZone
from tests.factories import NOW, image_upload, make_article, make_city, make_event, make_official, make_position, utc

HOUR = datetime.timedelta(hours=1)
DRAFT_HEADLINE = "Rahasia draf Zamrud kolaborasi"
SCHEDULED_HEADLINE = "Embargo terjadwal Safir kolaborasi"
HELD_HEADLINE = "Ditahan Giok kolaborasi"
#: What the spam check stored on the held article (``articles.spam.Reason.as_dict``).
HELD_REASONS = [{"kind": "gambling_terms", "found": ["slot gacor"], "detail": []}]


@pytest.fixture
def world(frozen):
    """One of everything, published and linked together."""
    city = make_city(name="Kota Makassar", short_name="Makassar", slug="makassar", time_zone=TimeZone.WITA)
    guest = make_city(name="Kota Serang", short_name="Serang", slug="serang")
    official = make_official(name="Danny Pomanto", slug="danny-pomanto")
    make_position(official, title="Wali Kota", city=city, starts_on=datetime.date(2021, 2, 26))
    event = make_event(
        name="Rakernas XVI APEKSI",
        slug="rakernas-xvi",
        host_city=city,
        starts_on=datetime.date(2023, 7, 10),
        ends_on=datetime.date(2023, 7, 14),
    )
    event.cities.set([guest])
    EventSpeaker.objects.create(event=event, official=official)
    article = make_article(
        headline="Makassar tuan rumah Rakernas",
        slug="makassar-tuan-rumah",
        city=city,
        cities=[city, guest],
        event=event,
        tags=["rakernas"],
        officials=[official],
        published_at=utc(2023, 7, 12, 2, 0),
    )
    return {"city": city, "guest": guest, "official": official, "event": event, "article": article}


@pytest.fixture
def article_urls(world) -> dict[str, str]:
    """Every page that lists or shows the world's article."""
    return {
        "home": reverse("public:home"),
        "article-list": reverse("public:article-list"),
        "article-detail": world["article"].get_absolute_url(),
        "tag-detail": reverse("public:tag-detail", kwargs={"slug": "rakernas"}),
        "city-detail": world["city"].get_absolute_url(),
        "guest-city-detail": world["guest"].get_absolute_url(),
        "event-detail": world["event"].get_absolute_url(),
        "official-detail": world["official"].get_absolute_url(),
    }


@pytest.fixture
def public_urls(world, article_urls) -> dict[str, str]:
    return {**article_urls, "city-list": reverse("public:city-list"), "event-list": reverse("public:event-list")}


@pytest.fixture
def leaky_world(world):
    """The world, plus a draft, a scheduled article and a published one the spam check holds, each linked to
    everything the published one is."""
    article, city, event, official = world["article"], world["city"], world["event"], world["official"]
    Article.objects.filter(pk=article.pk).update(
        published_at=NOW - datetime.timedelta(hours=1), body="<p>Kolaborasi antarkota.</p>"
    )
    article.refresh_from_db()
    hidden = [
        make_article(
            headline=headline,
            slug=slug,
            lead="Kolaborasi antarkota yang belum boleh terbit.",
            body="<p>Kolaborasi antarkota.</p>",
            city=city,
            cities=[city, world["guest"]],
            event=event,
            tags=["rakernas", f"khusus-{slug}"],
            officials=[official],
            **fields,
        )
        for headline, slug, fields in (
            (DRAFT_HEADLINE, "rahasia-draf", {"status": Article.Status.DRAFT, "published_at": NOW - HOUR}),
            (SCHEDULED_HEADLINE, "embargo-terjadwal", {"published_at": NOW + HOUR}),
            (
                HELD_HEADLINE,
                "ditahan-spam",
                {"published_at": NOW - HOUR, "held_at": NOW - HOUR, "held_reasons": HELD_REASONS},
            ),
        )
    ]
    article.pinned_related.set(hidden)
    for other in hidden:
        DailyViews.objects.create(article=other, day=NOW.date(), views=10_000)
    DailyViews.objects.create(article=article, day=NOW.date(), views=5)
    return {**world, "hidden": hidden}


@pytest.fixture
def every_public_url(leaky_world, public_urls) -> dict[str, str]:
    """Every public URL, filled for the leaky world."""
    city, event, official = leaky_world["city"], leaky_world["event"], leaky_world["official"]
    return {
        **public_urls,
        "search": reverse("public:search") + "?q=kolaborasi",
        "search-filtered": reverse("public:search") + f"?q=kolaborasi&kota={city.slug}&acara={event.slug}",
        "search-filters-only": reverse("public:search") + f"?kota={city.slug}",
        "archive-year": reverse("public:archive-year", kwargs={"year": "2024"}),
        "archive-month": reverse("public:archive-month", kwargs={"year": "2024", "month": "03"}),
        "city-archive": reverse("public:city-archive", kwargs={"city_slug": city.slug}),
        "city-archive-month": reverse(
            "public:city-archive-month", kwargs={"city_slug": city.slug, "year": "2024", "month": "03"}
        ),
        "city-agenda": reverse("public:city-agenda", kwargs={"slug": city.slug}),
        "city-ics": reverse("public:city-ics", kwargs={"slug": city.slug}),
        "event-ics": reverse("public:event-ics", kwargs={"slug": event.slug}),
        "agenda-ics": reverse("public:agenda-ics"),
        "rss": reverse("public:feed-rss"),
        "atom": reverse("public:feed-atom"),
        "city-rss": reverse("public:city-feed-rss", kwargs={"slug": city.slug}),
        "city-atom": reverse("public:city-feed-atom", kwargs={"slug": city.slug}),
        "event-rss": reverse("public:event-feed-rss", kwargs={"slug": event.slug}),
        "tag-rss": reverse("public:tag-feed-rss", kwargs={"slug": "rakernas"}),
        "tag-atom": reverse("public:tag-feed-atom", kwargs={"slug": "rakernas"}),
        "official-rss": reverse("public:official-feed-rss", kwargs={"slug": official.slug}),
        "sitemap-index": reverse("public:sitemap-index"),
        **{
            f"sitemap-{section}": reverse("public:sitemap-section", kwargs={"section": section})
            for section in ("pages", "articles", "news", "cities", "events", "officials", "tags")
        },
        "robots": reverse("public:robots-txt"),
    }


@pytest.fixture
def story(frozen):
    """A published article with a hero image, a byline and tags, from a city with a logo."""
    city = make_city(name="Kota Makassar", short_name="Makassar", slug="makassar", time_zone=TimeZone.WITA)
    city.logo = image_upload("PNG", size=(256, 256), name="logo.png")
    city.save()
    with time_machine.travel(NOW - datetime.timedelta(minutes=30), tick=False):
        article = make_article(
            headline="Makassar tuan rumah Rakernas </script><script>alert(1)</script>",
            slug="makassar-tuan-rumah",
            lead="Ratusan wali kota berkumpul di Makassar.",
            byline="Rina, Humas Makassar",
            city=city,
            event=make_event(name="Rakernas XVI", host_city=city),
            tags=["rakernas", "apeksi"],
            hero_image=image_upload(size=(1600, 900)),
            hero_alt="Wali kota memukul gong",
            published_at=NOW - datetime.timedelta(hours=2),
        )
    return article
