"""A generated newsroom of any size for the benchmark: cities, officials, events, tags, articles over ten
years, their cities, mentions and tags, some with images. Loaded in large batches inside one transaction,
so a million articles take minutes, not hours; the same seed gives the same data.

Used by ``scripts/bench.py``; needs a configured Django (``django.setup()``) and an empty, migrated database.
"""

import datetime
import io
import random
import time

YEARS = 10
CITIES = 98  # the members of APEKSI
OFFICIALS_PER_CITY = 3
EVENTS = 2_000
TAGS = 2_000
BATCH = 5_000
IMAGE_EVERY = 50  # one article in fifty has a photo (they share a few files)
COMMON_WORD = "pelayanan"
RARE_WORDS = ["transmigrasi", "geotermal", "mangrove", "stunting", "retribusi"]


def _body(rng) -> str:
    words = [
        "kota", "warga", "pemerintah", "program", "inovasi", "kegiatan", "wali", "daerah", "jalan", "sekolah",
        "pasar", "taman", "banjir", "kesehatan", "anggaran", "rapat", "camat", "lurah", "posyandu", COMMON_WORD,
    ]  # fmt: skip
    paragraphs = []
    for _ in range(4):
        sentence = " ".join(rng.choice(words) for _ in range(40))
        if rng.random() < 0.01:
            sentence += " " + rng.choice(RARE_WORDS)
        paragraphs.append(f"<p>{sentence.capitalize()}.</p>")
    return "".join(paragraphs)


def _photos(count: int) -> list[str]:
    """A few stored JPEGs, shared by the articles with a photo (names under media/bench/)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from PIL import Image

    names = []
    for i in range(count):
        buffer = io.BytesIO()
        Image.new("RGB", (1600, 900), (40 + i * 20, 90, 140)).save(buffer, "JPEG", quality=80)
        names.append(default_storage.save(f"bench/foto-{i}.jpg", ContentFile(buffer.getvalue())))
    return names


def generate(articles: int, seed: int = 20230712, log=print) -> dict:
    """Fill the database; returns what the benchmark needs to pick its URLs."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from articles.models import Article, Mention, TaggedArticle
    from cities.models import City, Event, Membership, Official, Position, TimeZone

    rng = random.Random(seed)
    started = time.perf_counter()
    now = timezone.now()
    span = YEARS * 365 * 24 * 60
    with transaction.atomic():
        zones = list(TimeZone.values)
        cities = City.objects.bulk_create(
            City(name=f"Kota Uji {i}", short_name=f"Uji {i}", slug=f"uji-{i}", time_zone=zones[i % 3])
            for i in range(CITIES)
        )
        officials = Official.objects.bulk_create(
            Official(name=f"Pejabat {i}", slug=f"pejabat-{i}") for i in range(CITIES * OFFICIALS_PER_CITY)
        )
        Position.objects.bulk_create(
            Position(official=official, title="Wali Kota", city=cities[i % CITIES])
            for i, official in enumerate(officials)
        )
        today = timezone.localdate()
        events = Event.objects.bulk_create(
            Event(
                name=f"Rakor Uji {i}",
                slug=f"rakor-uji-{i}",
                host_city=rng.choice(cities),
                starts_on=today + datetime.timedelta(days=rng.randint(-YEARS * 365, 120)),
            )
            for i in range(EVENTS)
        )
        tag_model = TaggedArticle.tag_model()
        tags = tag_model.objects.bulk_create(tag_model(name=f"topik {i}", slug=f"topik-{i}") for i in range(TAGS))
        photos = _photos(4)
        through = Article.cities.through
        for first in range(0, articles, BATCH):
            batch = Article.objects.bulk_create(
                Article(
                    headline=f"Berita uji nomor {i} tentang {COMMON_WORD} kota",
                    slug=f"berita-uji-{i}",
                    lead="Ringkasan berita uji tentang kegiatan pemerintah kota.",
                    body=_body(rng),
                    city=rng.choice(cities),
                    event=rng.choice(events) if rng.random() < 0.3 else None,
                    status=Article.Status.PUBLISHED if rng.random() < 0.95 else Article.Status.DRAFT,
                    # Spread over ten years, newest first by number: article 0 is the newest.
                    published_at=now - datetime.timedelta(minutes=1 + span * i // max(articles, 1)),
                    hero_image=photos[i % len(photos)] if i % IMAGE_EVERY == 0 else "",
                    hero_alt="Foto kegiatan" if i % IMAGE_EVERY == 0 else "",
                )
                for i in range(first, min(first + BATCH, articles))
            )
            through.objects.bulk_create(through(article=a, city=a.city) for a in batch)
            Mention.objects.bulk_create(Mention(article=a, official=rng.choice(officials)) for a in batch)
            TaggedArticle.objects.bulk_create(
                TaggedArticle(content_object=a, tag=tag) for a in batch for tag in rng.sample(tags, 3)
            )
            if first and first % (BATCH * 40) == 0:
                log(f"  {first:,} articles in {time.perf_counter() - started:.0f} s")
        user = get_user_model().objects.create_superuser("bench", password="bench-pass-123")  # noqa: S106
        redaktur = get_user_model().objects.create_user("bench-redaktur", is_staff=True)
        Membership.objects.create(user=redaktur, city=cities[0], role="redaktur")
    from staff.roles import sync_user_role_groups

    sync_user_role_groups(redaktur)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE") if not connection.in_atomic_block else None
    return {
        "seconds": time.perf_counter() - started,
        "cities": cities,
        "events": events,
        "officials": officials,
        "tags": tags,
        "superuser": user,
        "redaktur": redaktur,
    }
