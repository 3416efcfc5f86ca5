"""Search internals: the reader's query is cleaned and capped; on PostgreSQL, the Indonesian stemmer and the GIN
index on the stored search vector, which a trigger keeps in step with edits."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.search import article_vector, clean_query, search_articles
from tests.factories import make_article

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")


# --- Cleaning the query ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "text", "truncated", "junk"),
    [
        ("  pelayanan   publik ", "pelayanan publik", False, False),
        ("pelayanan\x00publik\x07", "pelayanan publik", False, False),
        ("\x00\x01\x02", "", False, False),
        ("\ufffd\ufffd", "", False, False),
        ("!!! --- &&", "!!! --- &&", False, True),
        ("\ud800abc", "abc", False, False),
        ("kata " * 100, ("kata " * 40).strip(), True, False),
        ("x" * 100_000, "x" * 200, True, False),
    ],
)
def test_queries_are_cleaned_and_capped(raw, text, truncated, junk):
    query = clean_query(raw)
    assert query.text == text
    assert query.truncated is truncated
    assert query.is_junk is junk
    assert len(query.text) <= 200


# --- PostgreSQL: the Indonesian stemmer and the GIN index ---------------------------------------------


@pytest.mark.django_db
@postgres_only
def test_what_the_indonesian_stemmer_really_does():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('indonesian', 'melayani') @@ plainto_tsquery('indonesian', 'pelayanan'),"
            " plainto_tsquery('indonesian', 'pelayanan')::text, to_tsvector('indonesian', 'melayani')::text"
        )
        matches, query, vector = cursor.fetchone()
    assert matches is True
    assert query == "'layan'"
    assert vector == "'layan':1"


@pytest.mark.django_db
@postgres_only
def test_the_search_uses_the_gin_index_on_the_stored_vector(frozen):
    article = make_article(headline="Pelayanan publik", body="<p>Melayani warga.</p>")
    # An archive where the words are rare, as the planner would see it in production.
    Article.objects.bulk_create(
        Article(
            headline=f"Rapat koordinasi {n}",
            slug=f"rapat-{n}",
            body="<p>Rapat koordinasi daerah.</p>",
            city=article.city,
            status=Article.Status.PUBLISHED,
            published_at=article.published_at,
        )
        for n in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    with CaptureQueriesContext(connection) as queries:
        assert list(search_articles(clean_query("pelayanan publik"))) == [article]
    # The matches are read first (the newest, bounded), then only those are ranked.
    (matching,) = [query["sql"] for query in queries if "@@" in query["sql"] and "LIMIT" in query["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'article_search_idx'")
        (definition,) = cursor.fetchone()
        # A few thousand short rows fit in a few pages and are read whole; production tables are not.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + matching)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "USING gin (search_vector)" in definition
    assert "Bitmap Index Scan on article_search_idx" in plan, plan
    # The trigger stores exactly the vector the search would build, and keeps it in step with edits.
    stored = Article.objects.annotate(v=article_vector()).values_list("search_vector", "v").get(pk=article.pk)
    assert stored[0] == stored[1]
    Article.objects.filter(pk=article.pk).update(body="<p>Rakernas di Makassar.</p>")
    assert search_articles(clean_query("makassar")).filter(pk=article.pk).exists()
