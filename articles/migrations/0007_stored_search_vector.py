"""Store the full-text vector of each article, kept up to date by a trigger, with a GIN index on it.

Ranking a common word over thousands of articles must not re-parse every body: the vector is computed once
per write (INSERT or UPDATE of the text), by the database itself, so loaddata, bulk_create and update() keep
it right too. The expression index of 0004 is replaced by an index on the stored column. PostgreSQL only;
on other databases the column stays empty and search uses its simple fallback.
"""

import django.contrib.postgres.search
from django.db import migrations

VECTOR = (
    "setweight(to_tsvector('indonesian', COALESCE(NEW.headline, '')), 'A')"
    " || setweight(to_tsvector('indonesian', COALESCE(NEW.subtitle, '')), 'B')"
    " || setweight(to_tsvector('indonesian', COALESCE(NEW.lead, '')), 'B')"
    " || setweight(to_tsvector('indonesian', COALESCE(NEW.body, '')), 'C')"
)

FORWARD = f"""
DROP INDEX IF EXISTS article_search_idx;
CREATE FUNCTION articles_article_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := {VECTOR};
    RETURN NEW;
END
$$;
CREATE TRIGGER articles_article_search_vector
    BEFORE INSERT OR UPDATE OF headline, subtitle, lead, body ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector();
UPDATE articles_article SET headline = headline;
CREATE INDEX article_search_idx ON articles_article USING GIN (search_vector);
"""

BACKWARD = """
DROP INDEX IF EXISTS article_search_idx;
DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article;
DROP FUNCTION IF EXISTS articles_article_search_vector();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)
        # 0004's expression index comes back with 0004 itself when migrating further back.


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_list_indexes_with_tiebreaker"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
