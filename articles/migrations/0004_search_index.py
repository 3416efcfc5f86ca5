"""GIN index for full-text search on PostgreSQL (articles/search.py); nothing on other databases.

The indexed expression is exactly the SQL of ``articles.search.article_vector()`` (headline A, subtitle B,
lead B, body C, config ``indonesian``), which the search matches with ``@@`` inside an ``id IN (...)``
subquery, so the planner can use the index. tests/test_search.py checks that it does.
"""

from django.db import migrations

INDEX = "article_search_idx"
VECTOR = (
    "((setweight(to_tsvector('indonesian'::regconfig, COALESCE(\"headline\", '')), 'A')"
    " || setweight(to_tsvector('indonesian'::regconfig, COALESCE(\"subtitle\", '')), 'B'))"
    " || setweight(to_tsvector('indonesian'::regconfig, COALESCE(\"lead\", '')), 'B'))"
    " || setweight(to_tsvector('indonesian'::regconfig, COALESCE(\"body\", '')), 'C')"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS {INDEX} ON "articles_article" USING GIN (({VECTOR}))')


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_pinned_related_daily_views"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
