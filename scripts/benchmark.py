"""Measure speed and scale of the public pages and the admin on a generated data set.

    python scripts/benchmark.py                       # SQLite file in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench python scripts/benchmark.py --articles 50000

It builds a fresh database (migrate + bulk-generated cities, officials, events, articles and tags), then
requests each page type many times through Django's test client (no network in between) and prints the
median and 95th-percentile time and the number of SQL queries per page. Figures, not pass/fail.
"""

import argparse
import os
import pathlib
import random
import statistics
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cities", type=int, default=100)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--requests", type=int, default=30, help="requests per page type")
    parser.add_argument("--seed", type=int, default=20230712)
    return parser.parse_args()


def setup_django():
    if "DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp(prefix="newsroom-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")
    import logging

    import django

    logging.disable(logging.WARNING)

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    settings.AXES_ENABLED = False


def build(args):
    import datetime

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from articles.models import Article, Mention, TaggedArticle
    from cities.models import City, Event, Membership, Official, Position, TimeZone

    rng = random.Random(args.seed)
    call_command("flush", interactive=False, verbosity=0) if connection.introspection.table_names() else None
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    zones = list(TimeZone.values)
    with transaction.atomic():
        cities = City.objects.bulk_create(
            City(name=f"Kota Uji {i}", short_name=f"Uji {i}", slug=f"uji-{i}", time_zone=rng.choice(zones))
            for i in range(args.cities)
        )
        officials = Official.objects.bulk_create(
            Official(name=f"Pejabat {i}", slug=f"pejabat-{i}") for i in range(args.cities * 2)
        )
        Position.objects.bulk_create(
            Position(official=official, title="Wali Kota", city=cities[i % len(cities)])
            for i, official in enumerate(officials)
        )
        today = timezone.localdate()
        events = Event.objects.bulk_create(
            Event(
                name=f"Rakor Uji {i}",
                slug=f"rakor-uji-{i}",
                host_city=rng.choice(cities),
                starts_on=today + datetime.timedelta(days=rng.randint(-700, 120)),
            )
            for i in range(args.events)
        )
        now = timezone.now()
        paragraph = "<p>" + " ".join(["pelayanan publik kota inovasi"] * 30) + "</p>"
        articles = Article.objects.bulk_create(
            Article(
                headline=f"Berita uji nomor {i} tentang pelayanan kota",
                slug=f"berita-uji-{i}",
                lead="Ringkasan berita uji.",
                body=paragraph * 6,
                city=rng.choice(cities),
                event=rng.choice(events) if rng.random() < 0.5 else None,
                status=Article.Status.PUBLISHED if rng.random() < 0.9 else Article.Status.DRAFT,
                published_at=now - datetime.timedelta(minutes=rng.randint(1, 60 * 24 * 900)),
            )
            for i in range(args.articles)
        )
        through = Article.cities.through
        through.objects.bulk_create(through(article=a, city=a.city) for a in articles)
        Mention.objects.bulk_create(Mention(article=a, official=rng.choice(officials)) for a in articles)
        tag_model = TaggedArticle.tag_model()
        tags = tag_model.objects.bulk_create(tag_model(name=f"topik {i}", slug=f"topik-{i}") for i in range(200))
        TaggedArticle.objects.bulk_create(
            TaggedArticle(content_object=a, tag=t) for a in articles for t in rng.sample(tags, 3)
        )
        user = get_user_model().objects.create_superuser("bench", password="bench-pass-123")  # noqa: S106
        Membership.objects.create(user=user, city=cities[0], role="redaktur")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum would do after a bulk load
    return time.perf_counter() - started, cities, events, officials, tags, user


def measure(client, url, n):
    from django.db import connection

    client.get(url)  # warm caches (templates, URL resolver)
    times, status, queries = [], None, []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    return status, statistics.median(times), p95, len(queries), len(response.content)


def main():
    args = parse_args()
    setup_django()
    from django.db import connection
    from django.test import Client

    from articles.models import Article

    seconds, cities, events, officials, tags, user = build(args)
    article = Article.objects.published().first()
    pages = {
        "home": "/",
        "article list": "/berita/",
        "article list, page 50": "/berita/?page=50",
        "article": article.get_absolute_url(),
        "city": cities[0].get_absolute_url(),
        "event": events[0].get_absolute_url(),
        "official": officials[0].get_absolute_url(),
        "tag": f"/topik/{tags[0].slug}/",
        "event list": "/agenda/",
    }
    optional = {"search": "/cari/?q=pelayanan", "rss": "/rss/", "sitemap": "/sitemap.xml"}
    client = Client()
    staff = Client()
    staff.force_login(user)
    admin_pages = {
        "admin desk": "/admin/",
        "admin article list": "/admin/articles/article/",
        "admin article change": f"/admin/articles/article/{article.pk}/change/",
    }
    print(f"database: {connection.vendor}; {args.articles} articles, {args.cities} cities, {args.events} events")
    print(f"data generated in {seconds:.1f} s")
    print(f"{'page':28} {'status':>6} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'KB':>6}")
    for name, url in [*pages.items(), *optional.items()]:
        status, median, p95, queries, size = measure(client, url, args.requests)
        if name in optional and status == 404:
            continue
        print(f"{name:28} {status:>6} {median:>10.1f} {p95:>8.1f} {queries:>8} {size / 1024:>6.1f}")
    for name, url in admin_pages.items():
        status, median, p95, queries, size = measure(staff, url, args.requests)
        print(f"{name:28} {status:>6} {median:>10.1f} {p95:>8.1f} {queries:>8} {size / 1024:>6.1f}")


if __name__ == "__main__":
    main()
